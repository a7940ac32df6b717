// Slurm's rendering of each job keyword: `#SBATCH` directives (sbatch 22.05 man page). Values are
// double-quoted with \ and " escaped, which is how sbatch reads a directive's argument; options.ts has
// already refused newlines and control characters, so no value can start a line of its own.
import { formatTime, type GpuRequest, type JobOptions } from '../../core/options.js'
import { extraDirectives, renderTable } from '../table.js'
import type { DirectiveTable } from '../types.js'

/** A directive argument, quoted as sbatch's directive parser reads it. */
export function quoteDirective(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `"${value.replace(/[\\"]/g, '\\$&')}"`
}

/** Every scheduler keyword, and what it becomes in a Slurm script; null where Slurm has nothing to say. */
export const DIRECTIVES = {
  name: (v) => [`--job-name=${quoteDirective(v)}`],
  nodes: (v) => [`--nodes=${v}`],
  cores: (v) => [`--cpus-per-task=${v}`],
  mem: (v) => [v === 0 ? '--mem=0' : `--mem=${v}M`], // 0: all of the node's memory
  time: (v) => [`--time=${v === 0 ? 'UNLIMITED' : formatTime(v)}`],
  partition: (v) => [`--partition=${quoteDirective(v)}`],
  account: (v) => [`--account=${quoteDirective(v)}`],
  export: (v) => [`--export=${quoteDirective(v)}`],
  features: (v) => (v.length ? [`--constraint=${quoteDirective(v.join('&'))}`] : []),
  begin: (v) => [`--begin=${quoteDirective(v)}`],
  dir: (v) => [`-D ${quoteDirective(v)}`],
  outfile: (v) => [`--output=${quoteDirective(v)}`],
  errfile: (v) => [`--error=${quoteDirective(v)}`],
  // the local queue's own
  threads: null,
  tasks: (v) => [`--ntasks=${v}`],
  'tasks-per-node': (v) => [`--ntasks-per-node=${v}`],
  gpus: (v) => [`--gpus=${gpuSpec(v)}`],
  // --gres rather than --gpus-per-node: it is read by select/cons_res too, not only cons_tres
  'gpus-per-node': (v) => [`--gres=gpu:${gpuSpec(v)}`],
  exclusive: () => ['--exclusive'],
  'mem-per-cpu': (v) => [`--mem-per-cpu=${v}M`],
  qos: (v) => [`--qos=${quoteDirective(v)}`],
  reservation: (v) => [`--reservation=${quoteDirective(v)}`],
  hold: () => ['--hold'],
  requeue: () => ['--requeue'],
  // B: the batch shell, which passes it on to the command (script.ts): without B: Slurm signals srun's steps
  // only, and a command run by the script itself never hears it (checked on 22.05: no USR1 in 110 s of 120)
  signal: (v) => [`--signal=B:${v.signal}@${v.seconds}`],
  mail: (v) => [`--mail-type=${v.map((t) => t.toUpperCase()).join(',')}`],
  'mail-user': (v) => [`--mail-user=${quoteDirective(v)}`],
  nice: (v) => [`--nice=${v}`],
  comment: (v) => [`--comment=${quoteDirective(v)}`],
  // last, so that a raw directive overrides what pcluster wrote (sbatch reads the last of a repeated option)
  extra: extraDirectives('#SBATCH'),
} satisfies DirectiveTable

function gpuSpec(g: GpuRequest): string {
  return g.type ? `${g.type}:${g.count}` : String(g.count)
}

/** The directive lines for a set of options, in a stable order. */
export function renderDirectives(options: JobOptions): string[] {
  return renderTable(DIRECTIVES, options).map((d) => `#SBATCH ${d}`)
}
