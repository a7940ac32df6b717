// Torque's rendering of each job keyword as `#PBS` directives (qsub.1.in @6.1.3). nodes, cores and features
// are one resource, `-l nodes=N:ppn=C[:feature...]`; memory is the job's total (`-l mem`), where pcluster's
// --mem is per node as on Slurm, so it is multiplied by the nodes.
import { isAsked, memPerNode, type JobOptions } from '../../core/options.js'
import { refuse, renderTable } from '../table.js'
import type { DirectiveTable } from '../types.js'
import { UsageError } from '../../core/errors.js'
import { gpusPerNode, outputOptions, perNode, pbsMem, pbsWalltime, PLAIN, plainValue, QSUB_ALIKE, qsubBegin, RESOURCE_KEYWORDS } from '../qsub-family/values.js'

/**
 * A job name every Torque server takes: the man page says at most 15 characters, the first a letter, while
 * ck_job_name.c (2.5.13 … 6.1.3) allows 256 printable ones; pcluster writes the strict form (the name the
 * user gave is kept in pcluster's own records and shown by `queue`).
 */
export function torqueJobName(name: string): string {
  const clean = name.replace(/[^A-Za-z0-9._-]/g, '_')
  return (/^[A-Za-z]/.test(clean) ? clean : `j${clean}`).slice(0, 15)
}

export const DIRECTIVES = {
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
  outfile: () => [], // ../qsub-family/outputs.ts
  errfile: () => [], // ../qsub-family/outputs.ts
  // the local queue's own
  threads: null,
  tasks: () => [], // in the nodes= line: ppn counts the processors of every task on a node
  'tasks-per-node': () => [], // in the nodes= line
  gpus: () => [], // in the nodes= line, per node
  'gpus-per-node': () => [], // in the nodes= line
  'mem-per-cpu': () => [], // a job total: written with the nodes
  exclusive: () => ['-n'], // qsub -n: node-exclusive (qsub.1.in @6.1.3)
  // Torque's own scheduler has none; Moab reads `-l qos=` and `-W x=ADVRES:`, which --extra can pass on
  qos: null,
  reservation: refuse('Torque has no reservations of its own: the job would run outside the one asked for',
    "with Moab, pass its own: --extra '-W x=ADVRES:NAME'"),
  signal: refuse('Torque sends no signal before the time limit: the job would be killed without the warning it asked for',
    "with Moab: --extra '-l signal=USR1@60'; else trap the signal the time limit sends (SIGTERM, then SIGKILL after kill_delay)"),
  ...QSUB_ALIKE, // hold, requeue, mail, mail-user, nice, comment, extra
} satisfies DirectiveTable

/** A node property as a nodes= spec takes it (a plain name, as `pbsnodes` lists under properties). */
const PROPERTY = /^[A-Za-z][A-Za-z0-9_.-]*$/

function nodeProperty(f: string): string {
  if (PROPERTY.test(f)) return f
  throw new UsageError('BAD_VALUE', `--features ${JSON.stringify(f)}: Torque asks for node features by name (nodes=N:ppn=C:NAME)`, {
    hint: 'a feature is a node property the site defines (pbsnodes lists them under properties); nodes= has no either/or (Slurm\'s |) and no NAME=VALUE',
  })
}

/**
 * `-l nodes=N:ppn=P[:gpus=G][:feature...]` and `-l mem=...`: the keywords that make one resource request. ppn
 * is every processor on a node (tasks per node times cores per task); gpus= is per node, so --gpus is divided
 * over the nodes; mem is the job's total.
 */
function resources(o: JobOptions): string[] {
  const layout = perNode(o, 'Torque')
  const features = (o.features ?? []).map((f) => `:${nodeProperty(f)}`).join('')
  const gpus = gpusPerNode(o, 'Torque', 'nodes=N:ppn=C:gpus=G')
  const lines = [`-l nodes=${layout.nodes}:ppn=${layout.coresPerNode}${gpus ? `:gpus=${gpus}` : ''}${features}`]
  // 0 is Slurm's "all of the node's memory": Torque has no such request, so none is asked (notices.ts says so)
  const mem = memPerNode(o, layout.coresPerNode)
  if (mem) lines.push(`-l mem=${pbsMem(mem * layout.nodes)}`)
  return lines
}

/** The directive arguments for a set of options, in a stable order. */
export function renderDirectives(options: JobOptions): string[] {
  return [...resources(options), ...renderTable(DIRECTIVES, options)]
}

/**
 * submit-file: the options given with a script as qsub arguments. The nodes= request only when one of its
 * keywords is given (it is one resource: it replaces the script's whole nodes= line); else the script's own stands.
 */
export function scriptDirectives(options: JobOptions): string[] {
  if (options.dir !== undefined && !PLAIN.test(options.dir))
    throw new UsageError('BAD_VALUE', `--dir ${JSON.stringify(options.dir)}: qsub -d cannot be given spaces, quotes or ':'`, { hint: 'choose a folder without them, or cd in the script' })
  const resource = RESOURCE_KEYWORDS.some((k) => isAsked(options[k]))
  return [...(resource ? resources(options) : []), ...renderTable(DIRECTIVES, options), ...outputOptions(options)]
}
