// Torque's rendering of each job keyword as `#PBS` directives (qsub.1.in @6.1.3). nodes, cores and features
// are one resource, `-l nodes=N:ppn=C[:feature...]`; memory is the job's total (`-l mem`), where pcluster's
// --mem is per node as on Slurm, so it is multiplied by the nodes.
import type { JobOptions } from '../../core/options.js'
import { renderTable } from '../table.js'
import type { DirectiveTable } from '../types.js'
import { UsageError } from '../../core/errors.js'
import { pbsMem, pbsWalltime, qsubBegin, torqueJobName } from './values.js'

/** A value qsub's directive parser reads as one word; others are refused by options.ts or never written. */
const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/

/** qsub splits -v on commas and has no quoting a site would agree on: a value with spaces or quotes is refused. */
function plainValue(option: string, v: string): string {
  if (PLAIN.test(v)) return v
  throw new UsageError('BAD_VALUE', `--${option} ${JSON.stringify(v)}: qsub cannot be given spaces or quotes here`, {
    hint: `--${option} takes NAME or NAME=VALUE items separated by commas, without spaces`,
  })
}

export const DIRECTIVES: DirectiveTable = {
  name: (v) => [`-N ${torqueJobName(v)}`],
  nodes: () => [], // in the nodes= line
  cores: () => [], // in the nodes= line
  features: () => [], // in the nodes= line
  mem: () => [], // a job total: written with the nodes
  time: (v) => (v ? [`-l walltime=${pbsWalltime(v)}`] : []), // 0: no limit, so none asked
  partition: (v) => [`-q ${v}`],
  account: (v) => [`-A ${v}`],
  export: (v) => [`-v ${plainValue('export', v)}`],
  begin: (v) => [`-a ${qsubBegin(v)}`],
  // without -d a Torque job starts in $HOME (qsub.1.in); a path qsub could misread is left to the script's cd
  dir: (v) => (PLAIN.test(v) ? [`-d ${v}`] : []),
  outfile: () => [], // outputs.ts
  errfile: () => [], // outputs.ts
  // the local queue's own
  threads: null,
}

/** A node property as a nodes= spec takes it (a plain name, as `pbsnodes` lists under properties). */
const PROPERTY = /^[A-Za-z][A-Za-z0-9_.-]*$/

function nodeProperty(f: string): string {
  if (PROPERTY.test(f)) return f
  throw new UsageError('BAD_VALUE', `--features ${JSON.stringify(f)}: Torque asks for node features by name (nodes=N:ppn=C:NAME)`, {
    hint: 'a feature is a node property the site defines (pbsnodes lists them under properties); nodes= has no either/or (Slurm\'s |) and no NAME=VALUE',
  })
}

/** `-l nodes=...` and `-l mem=...`: the keywords that make one resource request. */
function resources(o: JobOptions): string[] {
  const features = (o.features ?? []).map((f) => `:${nodeProperty(f)}`).join('')
  const lines = [`-l nodes=${o.nodes ?? 1}:ppn=${o.cores ?? 1}${features}`]
  // 0 is Slurm's "all of the node's memory": Torque has no such request, so none is asked (notices.ts says so)
  if (o.mem) lines.push(`-l mem=${pbsMem(o.mem * (o.nodes ?? 1))}`)
  return lines
}

/** The directive arguments for a set of options, in a stable order. */
export function renderDirectives(options: JobOptions): string[] {
  return [...resources(options), ...renderTable(DIRECTIVES, options)]
}
