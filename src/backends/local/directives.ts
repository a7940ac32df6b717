// The local queue's reading of each keyword: what it schedules by (cores, mem, time), shown in the script's
// header line; `[]` where it honours a keyword without writing anything; null where it has no such thing.
import { formatTime } from '../../core/options.js'
import type { DirectiveTable } from '../types.js'

export const DIRECTIVES: DirectiveTable = {
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
}
