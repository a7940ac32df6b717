// PBS Pro / OpenPBS rendering of each job keyword as `#PBS` directives (PBS Pro qsub man page): one chunk
// request `-l select=N:ncpus=C:mem=NNNNmb` (mem per chunk = per node, as pcluster's --mem), `-l walltime`.
// No -d (PBS Pro has none: the script's cd does it) and never -V (environment values break
// `qstat -F json`: openpbs issue #2541).
import { UsageError } from '../../core/errors.js'
import type { JobOptions } from '../../core/options.js'
import { renderTable } from '../table.js'
import type { DirectiveTable } from '../types.js'
import { pbsMem, pbsWalltime, pbsproJobName, qsubBegin } from '../torque/values.js'

const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/

function plainValue(option: string, v: string): string {
  if (PLAIN.test(v)) return v
  throw new UsageError('BAD_VALUE', `--${option} ${JSON.stringify(v)}: qsub cannot be given spaces or quotes here`, {
    hint: `--${option} takes NAME or NAME=VALUE items separated by commas, without spaces`,
  })
}

export const DIRECTIVES: DirectiveTable = {
  name: (v) => [`-N ${pbsproJobName(v)}`],
  nodes: () => [], // in the select= line
  cores: () => [], // in the select= line
  mem: () => [], // in the select= line
  time: (v) => (v ? [`-l walltime=${pbsWalltime(v)}`] : []),
  partition: (v) => [`-q ${v}`],
  account: (v) => [`-A ${v}`],
  export: (v) => [`-v ${plainValue('export', v)}`],
  begin: (v) => [`-a ${qsubBegin(v)}`],
  dir: () => [], // the script's cd
  outfile: () => [], // ../torque/outputs.ts
  errfile: () => [], // ../torque/outputs.ts
  // node features are site-defined custom resources on PBS Pro (`:bigmem=True`): no one way to ask
  features: null,
  threads: null,
}

/** `-l select=N:ncpus=C[:mem=NNNNmb]`; mem 0 (Slurm: all of a node's) asks for no amount. */
function select(o: JobOptions): string {
  return `-l select=${o.nodes ?? 1}:ncpus=${o.cores ?? 1}${o.mem ? `:mem=${pbsMem(o.mem)}` : ''}`
}

export function renderDirectives(options: JobOptions): string[] {
  return [select(options), ...renderTable(DIRECTIVES, options)]
}
