// How pcluster's option values are written for qsub on Torque and PBS Pro alike: walltime, memory, the -a start
// time, mail points, priority, the per-node layout (Torque qsub man page doc/man1/qsub.1.in @6.1.3; PBS Pro's
// qsub takes the same). Each system's job-name rule is in its own directives.ts.
import { UsageError } from '../../core/errors.js'
import { taskLayout, type JobOptions, type TaskLayout } from '../../core/options.js'
import { extraDirectives } from '../table.js'
import type { DirectiveTable } from '../types.js'

/**
 * Seconds as H+:MM:SS. Torque's time_str_to_seconds (attr_fn_time.c @6.1.3) refuses Slurm's D-HH:MM:SS,
 * and hours may pass 24 (`120:00:00`, fixture qstat-x-mxenes-torque6-C.xml), so `1-12` is `36:00:00`.
 */
export function pbsWalltime(secs: number): string {
  const h = Math.floor(secs / 3600)
  const m = Math.floor((secs % 3600) / 60)
  const s = secs % 60
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`
}

/** Megabytes as `NNNNmb`: sizes are integers only (attr_fn_size.c @6.1.3: `7.5gb` is an error), 1024-based. */
export function pbsMem(mb: number): string {
  return `${Math.ceil(mb)}mb`
}

const p2 = (n: number) => String(n).padStart(2, '0')

/** A Date as qsub -a's `CCYYMMDDhhmm.SS`, local time (the server reads it in its own zone, as qsub's man page says). */
function stamp(d: Date): string {
  return `${d.getFullYear()}${p2(d.getMonth() + 1)}${p2(d.getDate())}${p2(d.getHours())}${p2(d.getMinutes())}.${p2(d.getSeconds())}`
}

const UNIT_SECS: Record<string, number> = { '': 1, s: 1, second: 1, seconds: 1, m: 60, min: 60, minute: 60, minutes: 60,
  h: 3600, hour: 3600, hours: 3600, d: 86400, day: 86400, days: 86400, w: 604800, week: 604800, weeks: 604800 }

/**
 * --begin (read as Slurm's --begin reads it) as qsub -a's `[[[[CC]YY]MM]DD]hhmm[.SS]`. `now+N[unit]`,
 * `today`, `tomorrow` and `midnight`/`noon`/`teatime` are turned into a date at render time, `now` being the
 * moment the script is written; forms -a cannot say are refused rather than guessed.
 */
export function qsubBegin(value: string, now: Date = new Date()): string {
  const v = value.trim().toLowerCase()
  let m: RegExpExecArray | null
  if ((m = /^now(?:\+(\d+)\s*([a-z]*))?$/.exec(v))) {
    const unit = UNIT_SECS[m[2] ?? '']
    if (unit !== undefined) return stamp(new Date(now.getTime() + Number(m[1] ?? 0) * unit * 1000))
  }
  // hh:mm[:ss]: Torque, like Slurm, takes a time of day already past as tomorrow's
  if ((m = /^(\d{1,2}):(\d\d)(?::(\d\d))?$/.exec(v)) && +m[1]! < 24 && +m[2]! < 60)
    return `${p2(+m[1]!)}${m[2]}${m[3] ? `.${m[3]}` : ''}`
  const named: Record<string, [number, number]> = { midnight: [0, 0], noon: [12, 0], teatime: [16, 0] }
  if (named[v]) return `${p2(named[v][0])}${p2(named[v][1])}`
  if (v === 'today' || v === 'tomorrow') {
    const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + (v === 'tomorrow' ? 1 : 0))
    return stamp(d).slice(0, 12)
  }
  if ((m = /^(\d{4})-(\d\d)-(\d\d)(?:t(\d\d):(\d\d)(?::(\d\d))?)?$/.exec(v)))
    return `${m[1]}${m[2]}${m[3]}${m[4] ?? '00'}${m[5] ?? '00'}${m[6] ? `.${m[6]}` : ''}`
  throw new UsageError('BAD_VALUE', `--begin ${value}: qsub -a cannot say this start time`, {
    hint: 'on Torque and PBS Pro --begin takes now+N[minutes|hours|days], HH:MM[:SS], YYYY-MM-DD[THH:MM[:SS]], today, tomorrow, midnight, noon or teatime',
  })
}

/**
 * --mail as qsub's -m mail points (Torque qsub.1.in @6.1.3 and PBS Pro's qsub alike): `a` abort, `b` begin, `e`
 * end, `n` none. A job that fails without being aborted mails at its end, as Slurm's FAIL does, so fail is `a`
 * (Slurm's FAIL also covers a non-zero exit, which only `e` reports here).
 */
export function qsubMailPoints(types: readonly string[]): string {
  if (types.includes('none')) return 'n'
  const all = types.includes('all')
  return [
    ...(all || types.includes('fail') ? ['a'] : []),
    ...(all || types.includes('begin') ? ['b'] : []),
    ...(all || types.includes('end') ? ['e'] : []),
  ].join('')
}

/**
 * --nice as qsub's -p priority (-1024 to +1023, higher runs sooner): the opposite sign, as Slurm's nice lowers
 * the priority. One out of that range is refused rather than cut.
 */
export function qsubPriority(nice: number): number {
  const p = nice === 0 ? 0 : -nice
  if (p < -1024 || p > 1023)
    throw new UsageError('BAD_VALUE', `--nice ${nice}: qsub's priority runs from -1024 to 1023 (--nice -1023 to 1024)`, {
      hint: 'Torque and PBS Pro write --nice N as -p -N',
    })
  return p
}

/** Tasks and cores on each node; --tasks that do not divide over --nodes are refused (only Slurm spreads them unevenly). */
export function perNode(o: JobOptions, title: string): TaskLayout {
  const layout = taskLayout(o)
  if (layout) return layout
  throw new UsageError('BAD_VALUE', `--tasks ${o.tasks} does not divide evenly over --nodes ${o.nodes}: ${title} asks for the same on every node`, {
    hint: `ask for --tasks-per-node ${Math.ceil(o.tasks! / (o.nodes ?? 1))} instead, or a --tasks that --nodes divides`,
  })
}

/**
 * GPUs on each node: --gpus-per-node, else --gpus divided over the nodes (refused when uneven). A GPU type has
 * no place in either system's request (Torque's gpus= is a count; PBS Pro's ngpus too): refused, saying how a
 * site's own GPU model resource is asked for.
 */
export function gpusPerNode(o: JobOptions, title: string, form: string): number | undefined {
  const g = o['gpus-per-node'] ?? o.gpus
  if (!g) return undefined
  const which = o['gpus-per-node'] ? '--gpus-per-node' : '--gpus'
  if (g.type)
    throw new UsageError('BAD_VALUE', `${which} ${g.type}:${g.count}: ${title} asks for a number of GPUs (${form}), with no type`, {
      hint: `ask for ${which} ${g.count}, and for the model by the node feature or resource the site defines for it (--features, or --extra)`,
    })
  if (o['gpus-per-node']) return g.count
  const nodes = o.nodes ?? 1
  if (g.count % nodes)
    throw new UsageError('BAD_VALUE', `--gpus ${g.count} does not divide evenly over --nodes ${nodes}: ${title} asks for GPUs per node`, {
      hint: `ask for --gpus-per-node ${Math.ceil(g.count / nodes)}`,
    })
  return g.count / nodes
}

/** A value qsub's directive parser reads as one word; others are refused by options.ts or never written. */
export const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/

/** qsub splits -v on commas and has no quoting a site would agree on: a value with spaces or quotes is refused. */
export function plainValue(option: string, v: string): string {
  if (PLAIN.test(v)) return v
  throw new UsageError('BAD_VALUE', `--${option} ${JSON.stringify(v)}: qsub cannot be given spaces or quotes here`, {
    hint: `--${option} takes NAME or NAME=VALUE items separated by commas, without spaces`,
  })
}

/** The keywords Torque's and PBS Pro's qsub write alike (qsub.1.in @6.1.3; PBS Pro's qsub man page). */
export const QSUB_ALIKE = {
  hold: () => ['-h'],
  requeue: () => ['-r y'],
  mail: (v) => [`-m ${qsubMailPoints(v)}`],
  'mail-user': (v) => [`-M ${plainValue('mail-user', v)}`],
  nice: (v) => [`-p ${qsubPriority(v)}`],
  comment: null, // set by the server and the scheduler, not at submit
  extra: extraDirectives('#PBS'),
} satisfies Partial<DirectiveTable>

/** The keywords that make the one resource request (nodes= on Torque, select= on PBS Pro). */
export const RESOURCE_KEYWORDS = ['nodes', 'cores', 'mem', 'mem-per-cpu', 'tasks', 'tasks-per-node', 'gpus', 'gpus-per-node', 'features'] as const

/** A path qsub's -o/-e take as it is: no spaces or quotes, no ':' (read as HOST:PATH), no % (no job id field there). */
const OUTPUT_PATH = /^[A-Za-z0-9_@+=,./-]+$/

/**
 * submit-file: --outfile/--errfile as qsub's -o/-e. A script pcluster did not write cannot open its own files,
 * so a path qsub cannot take (a %j pattern, a space) is refused rather than dropped.
 */
export function outputOptions(o: JobOptions): string[] {
  return ([['-o', 'outfile'], ['-e', 'errfile']] as const).flatMap(([flag, key]) => {
    const v = o[key]
    if (v === undefined) return []
    if (!OUTPUT_PATH.test(v))
      throw new UsageError('BAD_VALUE', `--${key} ${JSON.stringify(v)}: qsub -${flag[1]} takes a plain path for a script submitted as it is (no %j, spaces, quotes or ':')`, {
        hint: 'give a plain path, or set the output in the script; $PBS_JOBID is known only inside the job',
      })
    return [`${flag} ${v}`]
  })
}
