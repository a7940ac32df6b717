// Grid Engine's rendering of each job keyword: `#$` directives (qsub(1) of SGE 8.1.9). A value with anything
// but plain path characters is double-quoted, which is how qsub reads a directive's argument (checked on
// 8.1.9: `#$ -o "/tmp/sge try/o$JOB_ID.txt"` wrote that file); options.ts has already refused newlines.
import { UsageError } from '../../core/errors.js'
import type { JobOptions } from '../../core/options.js'
import { renderTable } from '../table.js'
import type { DirectiveTable } from '../types.js'
import { DEFAULT_SETTINGS, type SgeSettings } from './config.js'

/**
 * A directive argument as qsub reads it. qsub 8.1.9 has no escape inside quotes (`#$ -o "/t/a \"q\" b"` wrote
 * `a \q\ b`, checked by hand), so a value with `"` or `\` cannot be written and is refused.
 */
export function quoteDirective(value: string, option = 'a value'): string {
  if (/["\\]/.test(value))
    throw new UsageError('BAD_VALUE', `${option} ${JSON.stringify(value)}: Grid Engine cannot read a " or \\ in a job script's directive`, { hint: 'choose a value without them' })
  return /^[A-Za-z0-9_@%+=:,./$-]+$/.test(value) ? value : `"${value}"`
}

/** A path for -o, -e, -wd: qsub reads `HOST:PATH` there (qsub(1) "-o [[hostname]:]path"), so no `:` either. */
export function sgePath(value: string, option: string): string {
  if (value.includes(':'))
    throw new UsageError('BAD_VALUE', `${option} ${JSON.stringify(value)}: Grid Engine reads a path with ':' as HOST:PATH`, {
      hint: 'choose a folder and file names without \':\' (with --outfile %x, a job name without it)',
    })
  return quoteDirective(value, option)
}

/**
 * A job name SGE accepts: 8.1.9 refuses a space (with the misleading "Error reading answer list from
 * qmaster"), a `:` ("Colon (':') not allowed in objectname") and a leading digit ("cannot start with a
 * digit"): fixtures err-job-name-space, -colon, -digit. pcluster keeps the user's name for its own files.
 */
export function sgeJobName(name: string): string {
  const clean = name.replace(/[^A-Za-z0-9_.+-]+/g, '_').slice(0, 64) || 'job'
  return /^[0-9]/.test(clean) ? `j${clean}` : clean
}

/** h_rt as H:MM:SS: SGE takes no days (`1-0:0:0` is refused, notes "More facts" 5), so hours run past 24. */
export function sgeTime(secs: number): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${Math.floor(secs / 3600)}:${p(Math.floor((secs % 3600) / 60))}:${p(secs % 60)}`
}

/** SGE's -a form, [[CC]YY]MMDDhhmm[.SS], in local time. */
function sgeDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}${p(d.getHours())}${p(d.getMinutes())}.${p(d.getSeconds())}`
}

const UNIT_SECONDS: Record<string, number> = { '': 1, s: 1, sec: 1, second: 1, seconds: 1, m: 60, min: 60, minute: 60, minutes: 60,
  h: 3600, hour: 3600, hours: 3600, d: 86400, day: 86400, days: 86400, w: 604800, week: 604800, weeks: 604800 }

/**
 * --begin (read as Slurm's --begin forms: `now+1hour`, `16:00`, `2026-12-01T08:00`) as SGE's -a time. A bare
 * time of day already past means tomorrow, as Slurm reads it.
 */
export function sgeBegin(value: string, now = new Date()): string {
  const v = value.trim()
  const rel = /^now(?:\+(\d+)([a-z]*))?$/i.exec(v)
  if (rel) {
    const unit = UNIT_SECONDS[(rel[2] ?? '').toLowerCase()]
    if (unit !== undefined) return sgeDate(new Date(now.getTime() + Number(rel[1] ?? 0) * unit * 1000))
  }
  const clock = /^(\d\d?):(\d\d)(?::(\d\d))?$/.exec(v)
  if (clock) {
    const d = new Date(now)
    d.setHours(Number(clock[1]), Number(clock[2]), Number(clock[3] ?? 0), 0)
    if (d.getTime() <= now.getTime()) d.setDate(d.getDate() + 1)
    return sgeDate(d)
  }
  const date = /^(\d{4})-(\d\d)-(\d\d)(?:T(\d\d):(\d\d)(?::(\d\d))?)?$/.exec(v)
  if (date) {
    const [, y, mo, da, h, mi, s] = date
    return sgeDate(new Date(Number(y), Number(mo) - 1, Number(da), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0)))
  }
  throw new UsageError('BAD_VALUE', `invalid value '${value}' for --begin on Grid Engine`, {
    hint: 'Grid Engine takes now, now+N[seconds|minutes|hours|days|weeks], HH:MM[:SS] or YYYY-MM-DD[THH:MM[:SS]]',
  })
}

/** Every scheduler keyword, and what it becomes in a Grid Engine script; null where SGE has nothing to say. */
export function directiveTable(settings: SgeSettings): DirectiveTable {
  return {
    name: (v) => [`-N ${sgeJobName(v)}`],
    // one node per job: a site spreads a job over hosts through its parallel environment's allocation rule
    nodes: null,
    // SGE counts slots through a parallel environment; one core needs none
    cores: (v) => (v > 1 ? [`-pe ${settings.pe} ${v}`] : []),
    // rendered with cores by renderDirectives (h_vmem and mem_free are per slot: notes "More facts" 6); 0: no limit
    mem: () => [],
    time: (v) => (v === 0 ? [] : [`-l h_rt=${sgeTime(v)}`]),
    partition: (v) => [`-q ${quoteDirective(v, '--partition')}`],
    account: (v) => [`-A ${quoteDirective(v, '--account')}`],
    // Slurm's ALL (the default) and NONE read as SGE's -V and nothing; a list as -v
    export: (v) => (/^ALL$/i.test(v) ? ['-V'] : /^NONE$/i.test(v) ? [] : [`-v ${quoteDirective(v.replace(/^ALL,/i, ''), '--export')}`]),
    // SGE has no node features of its own: sites define boolean complexes under names of their choosing
    features: null,
    begin: (v) => [`-a ${sgeBegin(v)}`],
    dir: (v) => [`-wd ${sgePath(v, '--dir')}`],
    outfile: (v) => [`-o ${sgePath(v, '--outfile')}`],
    errfile: (v) => [`-e ${sgePath(v, '--errfile')}`],
    // the local queue's own
    threads: null,
  }
}

export const DIRECTIVES: DirectiveTable = directiveTable(DEFAULT_SETTINGS)

/** The directive lines for a set of options, in a stable order. */
export function renderDirectives(options: JobOptions, settings: SgeSettings): string[] {
  const lines = renderTable(directiveTable(settings), options).map((d) => `#$ ${d}`)
  // memory per slot, so divided by the cores (rounded up): --mem 2G --cores 2 is h_vmem=1024M
  if (options.mem) lines.push(`#$ -l ${settings.memResource}=${Math.ceil(options.mem / Math.max(1, options.cores ?? 1))}M`)
  // without -wd SGE runs the job in $HOME (notes "More facts" 8): in the submitting folder, as Slurm does
  if (!options.dir) lines.push('#$ -cwd')
  return lines
}
