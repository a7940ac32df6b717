// Grid Engine's rendering of each job keyword: `#$` directives (qsub(1) of SGE 8.1.9). A value with anything
// but plain path characters is double-quoted, which is how qsub reads a directive's argument (checked on
// 8.1.9: `#$ -o "/tmp/sge try/o$JOB_ID.txt"` wrote that file); options.ts has already refused newlines.
import { UsageError } from '../../core/errors.js'
import type { JobOptions } from '../../core/options.js'
import { extraDirectives, renderTable } from '../table.js'
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
export function directiveTable(settings: SgeSettings, job: JobOptions = {}): DirectiveTable {
  return {
    name: (v) => [`-N ${sgeJobName(v)}`],
    // one node per job: a site spreads a job over hosts through its parallel environment's allocation rule
    nodes: null,
    // SGE counts slots through a parallel environment: tasks times cores (--tasks: the MPI one); one slot needs none
    cores: () => {
      const { slots, mpi } = slotsOf(job)
      return slots > 1 || mpi ? [`-pe ${mpi ? (settings.mpiPe ?? 'mpi') : settings.pe} ${slots}`] : []
    },
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
    tasks: () => [], // slots of the MPI parallel environment: with cores
    // counted into the slots; the parallel environment's allocation rule places them on hosts (notices.ts says so)
    'tasks-per-node': () => [],
    // a consumable each site names ([sge] gpu_resource), per slot: renderDirectives
    gpus: () => [],
    'gpus-per-node': () => [],
    'mem-per-cpu': () => [], // per slot, as SGE counts memory: renderDirectives
    exclusive: () => {
      if (settings.exclusiveResource) return [`-l ${settings.exclusiveResource}=true`]
      throw new UsageError('NOT_SUPPORTED', 'Grid Engine has no exclusive jobs of its own, and no exclusive resource is configured: --exclusive would share the host with other jobs', {
        hint: 'when the site defines an exclusive boolean complex (qconf -sc), name it in the config: [sge] exclusive_resource = exclusive',
      })
    },
    qos: null,
    // an advance reservation (qrsub), by its number
    reservation: (v) => {
      if (/^\d+$/.test(v)) return [`-ar ${v}`]
      throw new UsageError('BAD_VALUE', `--reservation ${JSON.stringify(v)}: Grid Engine names an advance reservation by its number`, { hint: 'qrstat lists them: --reservation 12' })
    },
    hold: () => ['-h'],
    requeue: () => ['-r y'],
    signal: () => [], // SIGUSR1 at the soft limit s_rt: renderDirectives
    // b begin, e end, a abort (a failure Grid Engine itself saw), n none (qsub(1) -m)
    mail: (v) => [`-m ${v.includes('none') ? 'n' : v.includes('all') ? 'bea' : ['begin', 'end', 'fail'].filter((t) => v.includes(t as never)).map((t) => t === 'fail' ? 'a' : t[0]).join('')}`],
    'mail-user': (v) => [`-M ${quoteDirective(v, '--mail-user')}`],
    // -p: -1023 to 1024, higher sooner; users may only lower theirs (qsub(1) -p), so --nice N is -p -N
    nice: (v) => {
      if (-v < -1023 || -v > 1024) throw new UsageError('BAD_VALUE', `--nice ${v}: Grid Engine's priority runs from -1023 to 1024 (--nice -1024 to 1023)`, { hint: 'Grid Engine writes --nice N as -p -N' })
      return [`-p ${v === 0 ? 0 : -v}`]
    },
    // kept in the job's context, shown by qstat -j; -ac splits on commas
    comment: (v) => {
      if (v.includes(',')) throw new UsageError('BAD_VALUE', `--comment ${JSON.stringify(v)}: Grid Engine keeps a comment in the job's context, which a comma would split`, { hint: 'write it without commas' })
      return [`-ac comment=${quoteDirective(v, '--comment')}`]
    },
    extra: extraDirectives('#$'),
  }
}


/** Slots: tasks times cores per task (tasks from --tasks, else --tasks-per-node on each of --nodes). */
export function slotsOf(o: JobOptions): { slots: number; mpi: boolean } {
  const tasks = o.tasks ?? (o['tasks-per-node'] !== undefined ? o['tasks-per-node'] * (o.nodes ?? 1) : undefined)
  return { slots: (tasks ?? 1) * (o.cores ?? 1), mpi: tasks !== undefined }
}

/** A per-slot request: the job's amount divided by the slots, refused when it does not divide. */
function perSlot(amount: number, slots: number, what: string): number {
  if (amount % slots === 0) return amount / slots
  throw new UsageError('BAD_VALUE', `${what} ${amount} over ${slots} slots: Grid Engine asks for consumables per slot, and ${amount} does not divide by ${slots}`, {
    hint: `ask for a multiple of ${slots}`,
  })
}

export const DIRECTIVES: DirectiveTable = directiveTable(DEFAULT_SETTINGS)

/** --signal USR1@S as s_rt: the only warning Grid Engine gives before h_rt, and only with a --time to count back from. */
function softLimit(o: JobOptions): number {
  const sig = o.signal!
  if (sig.signal !== 'USR1' && sig.signal !== '10')
    throw new UsageError('BAD_VALUE', `--signal ${sig.signal}@${sig.seconds}: Grid Engine's warning before the time limit is SIGUSR1`, { hint: `ask for --signal USR1@${sig.seconds}` })
  if (!o.time || sig.seconds >= o.time)
    throw new UsageError('BAD_VALUE', `--signal USR1@${sig.seconds} needs a --time longer than ${sig.seconds} seconds on Grid Engine: the warning is the soft limit s_rt, counted back from it`, { hint: 'give --time' })
  return o.time - sig.seconds
}

/** The directive lines for a set of options, in a stable order. */
export function renderDirectives(options: JobOptions, settings: SgeSettings): string[] {
  const o = { cores: 1, ...options } // the slots are written with cores
  const { slots } = slotsOf(o)
  const lines = renderTable(directiveTable(settings, o), { ...o, extra: undefined }).map((d) => `#$ ${d}`)
  // memory per slot, so divided by the slots (rounded up): --mem 2G --cores 2 is h_vmem=1024M; --mem-per-cpu as it is
  if (options['mem-per-cpu']) lines.push(`#$ -l ${settings.memResource}=${options['mem-per-cpu']}M`)
  else if (options.mem) lines.push(`#$ -l ${settings.memResource}=${Math.ceil(options.mem / slots)}M`)
  const gpus = options['gpus-per-node'] ?? options.gpus
  if (gpus) {
    if (!settings.gpuResource)
      throw new UsageError('NOT_SUPPORTED', 'Grid Engine has no GPUs of its own: each site counts them with a consumable of its own name, and none is configured', {
        hint: 'name it in the config: [sge] gpu_resource = gpu (qconf -sc lists the consumables)',
      })
    if (gpus.type)
      throw new UsageError('BAD_VALUE', `--gpus ${gpus.type}:${gpus.count}: Grid Engine asks for a number of ${settings.gpuResource}, with no type`, {
        hint: `ask for --gpus ${gpus.count}, and for the model by the resource the site defines for it (--extra '-l NAME=VALUE')`,
      })
    lines.push(`#$ -l ${settings.gpuResource}=${perSlot(gpus.count, slots, '--gpus')}`)
  }
  // Grid Engine sends SIGUSR1 when the soft limit s_rt passes (queue_conf(5) RESOURCE LIMITS): s_rt = h_rt - SECONDS
  if (options.signal) lines.push(`#$ -l s_rt=${sgeTime(softLimit(options))}`)

  // without -wd SGE runs the job in $HOME (notes "More facts" 8): in the submitting folder, as Slurm does
  if (!options.dir) lines.push('#$ -cwd')
  // last: a raw directive overrides what pcluster wrote
  if (options.extra) lines.push(...extraDirectives('#$')(options.extra).map((d) => `#$ ${d}`))
  return lines
}
