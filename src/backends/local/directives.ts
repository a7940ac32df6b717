// The local queue's reading of each keyword: what it schedules by (cores, mem, time), shown in the script's
// header line; `[]` where it honours a keyword without writing anything; null where it has no such thing.
import { formatTime, type GpuRequest } from '../../core/options.js'
import { refuse } from '../table.js'
import type { DirectiveTable } from '../types.js'

/** GPUs: the daemon's own (CUDA_VISIBLE_DEVICES or nvidia-smi -L when it started); one machine, so per node is the same. */
const gpus = (v: GpuRequest) => [`gpus=${v.type ? `${v.type}:` : ''}${v.count}`]

export const DIRECTIVES = {
  cores: (v) => [`cores=${v}`],
  mem: (v) => (v ? [`mem=${v}M`] : []), // 0 (Slurm: all of a node's memory) asks for no share here: not counted, no limit
  time: (v) => (v ? [`time=${formatTime(v)}`] : []),
  threads: () => [], // sizes the daemon this command starts
  name: () => [],
  dir: () => [],
  outfile: () => [],
  errfile: () => [],
  begin: (v) => [`begin=${v}`], // held pending until then, as Slurm's BeginTime
  // one machine, one user's queue: no nodes, partitions, accounts, features; the job gets the whole environment
  nodes: null,
  partition: null,
  account: null,
  export: null,
  features: null,
  // one machine: every task's cores are counted (slots = tasks x cores: index.ts), and the job starts its own ranks
  tasks: (v) => [`tasks=${v}`],
  'tasks-per-node': (v) => [`tasks=${v}`],
  gpus, // whether the queue has them is the daemon's word: asked at submit before anything is written (index.ts prepare)
  'gpus-per-node': gpus,
  'mem-per-cpu': (v) => [`mem-per-cpu=${v}M`], // counted as that times the slots
  exclusive: null, // the queue is the user's alone; said at submit
  qos: null,
  reservation: refuse('the local queue has no reservations: the job would run outside the one asked for',
    'submit it to the batch system that holds the reservation (--qtype), or leave --reservation out here'),
  hold: () => ['hold'], // pending (held, JobHeldUser) until pcluster release
  requeue: null, // no node to fail
  signal: refuse('the local queue sends no signal before the time limit yet: the job would be stopped without the warning it asked for',
    'trap SIGTERM, which the local queue sends at the time limit, or leave --signal out here'),
  mail: null,
  'mail-user': null,
  nice: null,
  comment: null,
  extra: null, // no directives to pass them to
} satisfies DirectiveTable
