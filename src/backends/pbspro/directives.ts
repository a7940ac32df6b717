// PBS Pro / OpenPBS rendering of each job keyword as `#PBS` directives (PBS Pro qsub man page): one chunk
// request `-l select=N:ncpus=C:mem=NNNNmb:feature=True` (per chunk = per node, as pcluster's --mem), `-l walltime`.
// No -d (PBS Pro has none: the script's cd does it) and never -V (environment values break
// `qstat -F json`: openpbs issue #2541).
import { UsageError } from '../../core/errors.js'
import { isAsked, memPerNode, type JobOptions } from '../../core/options.js'
import { refuse, renderTable } from '../table.js'
import type { DirectiveTable } from '../types.js'
import { gpusPerNode, outputOptions, perNode, pbsMem, pbsWalltime, plainValue, QSUB_ALIKE, qsubBegin, RESOURCE_KEYWORDS } from '../qsub-family/values.js'

/** PBS Pro's rule (ecl_verify_values.c, openpbs cd7ab5e): at most 230 of `[A-Za-z0-9._+-]`, any first one. */
export function pbsproJobName(name: string): string {
  return (name.replace(/[^A-Za-z0-9._+-]/g, '_') || 'job').slice(0, 230)
}

export const DIRECTIVES = {
  name: (v) => [`-N ${pbsproJobName(v)}`],
  nodes: () => [], // in the select= line
  cores: () => [], // in the select= line
  mem: () => [], // in the select= line
  // node features are site-defined host resources on PBS Pro, asked for in each chunk: in the select= line
  features: () => [],
  time: (v) => (v ? [`-l walltime=${pbsWalltime(v)}`] : []),
  partition: (v) => [`-q ${v}`], // or the reservation's queue: queueOf
  account: (v) => [`-A ${v}`],
  export: (v) => [`-v ${plainValue('export', v)}`],
  begin: (v) => [`-a ${qsubBegin(v)}`],
  dir: () => [], // the script's cd
  outfile: () => [], // ../qsub-family/outputs.ts
  errfile: () => [], // ../qsub-family/outputs.ts
  threads: null,
  tasks: () => [], // mpiprocs in the select= line
  'tasks-per-node': () => [], // mpiprocs in the select= line
  gpus: () => [], // ngpus in the select= line, per chunk
  'gpus-per-node': () => [], // ngpus in the select= line
  'mem-per-cpu': () => [], // mem in the select= line, per chunk
  exclusive: () => [], // in the place= line
  qos: null,
  // a PBS Pro reservation is a queue of its own (R123 or its name): in the -q line
  reservation: () => [],
  signal: refuse('PBS Pro sends no signal before the walltime: the job would be killed without the warning it asked for',
    'trap the signal the walltime sends (SIGTERM, then SIGKILL after kill_delay), or check the time left from the job itself'),
  ...QSUB_ALIKE, // hold, requeue, mail, mail-user, nice, comment, extra
} satisfies DirectiveTable

/** A resource name as PBS Pro takes it (a letter, then letters, digits, `_` or `-`); a value without `:+,=` or space. */
const RESOURCE = /^[A-Za-z][A-Za-z0-9_-]*$/
const VALUE = /^[^:+,=\s"'\\]+$/

/**
 * A feature as a chunk resource: a site's node features are custom host-level resources on PBS Pro, most often
 * booleans (`bigmem` is asked as `bigmem=True`, as the PBS Professional Administrator's Guide asks for a custom
 * boolean), sometimes strings (NASA's `model=bro`: written NAME=VALUE, passed on as it is). A resource the
 * server does not define is refused by qsub (`Unknown resource`), never ignored.
 */
export function featureResource(f: string): string {
  const [name, value, ...more] = f.split('=')
  if (RESOURCE.test(name!) && !more.length && (value === undefined || VALUE.test(value))) return `${name}=${value ?? 'True'}`
  throw new UsageError('BAD_VALUE', `--features ${JSON.stringify(f)}: PBS Pro asks for a node feature as a resource of each chunk, NAME or NAME=VALUE`, {
    hint: 'a feature is a custom resource the site defines (pbsnodes -a lists them under resources_available); either/or (Slurm\'s |) has no select= form',
  })
}

/**
 * `-l select=N:ncpus=C[:mem=NNNNmb][:feature=True...]`, mem and features per chunk (one chunk per node, as
 * pcluster's --mem is per node); mem 0 (Slurm: all of a node's) asks for no amount (notices.ts says so). More
 * than one node: `-l place=scatter`, else PBS Pro may put every chunk on one host (place defaults to free).
 */
function select(o: JobOptions): string[] {
  const layout = perNode(o, 'PBS Pro')
  const features = (o.features ?? []).map((f) => `:${featureResource(f)}`).join('')
  const mem = memPerNode(o, layout.coresPerNode)
  const gpus = gpusPerNode(o, 'PBS Pro', 'select=N:ncpus=C:ngpus=G')
  const chunk = [`${layout.nodes}`, `ncpus=${layout.coresPerNode}`,
    // mpiprocs: the lines of $PBS_NODEFILE for a chunk, which is how mpirun counts ranks on it
    ...(layout.mpi ? [`mpiprocs=${layout.tasksPerNode}`] : []),
    ...(gpus ? [`ngpus=${gpus}`] : []), ...(mem ? [`mem=${pbsMem(mem)}`] : [])].join(':')
  const place = [...(layout.nodes > 1 ? ['scatter'] : []), ...(o.exclusive ? ['excl'] : [])].join(':')
  return [`-l select=${chunk}${features}`, ...(place ? [`-l place=${place}`] : [])]
}

/** The reservation's queue, else the partition: a job is in one queue, so both at once is refused. */
function queueOf(o: JobOptions): JobOptions {
  if (!o.reservation) return o
  if (o.partition && o.partition !== o.reservation)
    throw new UsageError('CONFLICTING_OPTIONS', `--reservation ${o.reservation} with --partition ${o.partition}: on PBS Pro a reservation is a queue of its own`, {
      hint: 'give --reservation alone (its queue, such as R123)',
    })
  return { ...o, partition: plainValue('reservation', o.reservation) }
}

export function renderDirectives(options: JobOptions): string[] {
  const o = queueOf(options)
  return [...select(o), ...renderTable(DIRECTIVES, o)]
}

/**
 * submit-file: the options given with a script as qsub arguments. The select= request only when one of its
 * keywords is given (it replaces the script's whole select= line); else the script's own stands. PBS Pro has
 * no -d, so --dir cannot be applied to a script pcluster did not write: refused.
 */
export function scriptDirectives(options: JobOptions): string[] {
  if (options.dir !== undefined)
    throw new UsageError('NOT_SUPPORTED', 'PBS Pro has no working-directory option: --dir cannot be applied to a script submitted as it is', { hint: 'cd to the folder in the script itself' })
  const o = queueOf(options)
  const resource = RESOURCE_KEYWORDS.some((k) => isAsked(o[k]))
  const placed = resource ? select(o) : o.exclusive ? ['-l place=excl'] : []
  return [...placed, ...renderTable(DIRECTIVES, o), ...outputOptions(o)]
}
