// The option registry: every job keyword of the seed (python-cluster 0.6.1), its synonyms, type, units and
// help. It drives CLI flags, `pcluster options`, profile validation and coercion. No scheduler flags here:
// each backend owns its keyword -> directive table.
import { UsageError } from './errors.js'
import { PATTERN_HELP, checkPattern } from './outputpatterns.js'

/**
 * Keywords pcluster handles itself, the same on every backend (file names, the script body, dependencies):
 * they are in no backend's directive table. Every other keyword applies where a backend's table renders it.
 */
export const CORE_KEYWORDS = ['filedir', 'suffix', 'modules', 'depends'] as const
export type CoreKeyword = (typeof CORE_KEYWORDS)[number]

type Kind = 'count' | 'mem' | 'time' | 'word' | 'text' | 'list' | 'path' | 'flag' | 'int' | 'gpus' | 'signal' | 'mail' | 'lines'

export interface OptionSpec {
  readonly name: keyof JobOptions
  readonly synonyms: readonly string[]
  readonly kind: Kind
  readonly help: string
  /** What the value looks like, for --help. */
  readonly placeholder: string
  /** Shown in help; pcluster itself only applies the defaults in DEFAULTS. */
  readonly shownDefault?: string
  /** False for keywords that make no sense in a stored profile. */
  readonly inProfile?: boolean
}

/** Options after coercion: the units are fixed (mem in MB, 0 meaning all of a node's; time in seconds, 0 meaning no limit). */
export interface JobOptions {
  cores?: number
  nodes?: number
  mem?: number
  time?: number
  partition?: string
  account?: string
  export?: string
  features?: string[]
  modules?: string[]
  begin?: string
  filedir?: string
  dir?: string
  suffix?: string
  outfile?: string
  errfile?: string
  threads?: number
  name?: string
  depends?: string[]
  /** MPI tasks in all (`--cores` stays the cores of each task). */
  tasks?: number
  'tasks-per-node'?: number
  /** GPUs for the whole job, or on each node. */
  gpus?: GpuRequest
  'gpus-per-node'?: GpuRequest
  /** Whole nodes, shared with no other job. */
  exclusive?: boolean
  /** Memory per core in MB (never 0); exclusive with mem. */
  'mem-per-cpu'?: number
  qos?: string
  reservation?: string
  /** Submitted held: it starts only after `pcluster release`. */
  hold?: boolean
  /** May be started again when its node fails or it is preempted. */
  requeue?: boolean
  /** A signal sent this long before the time limit. */
  signal?: SignalRequest
  mail?: MailType[]
  'mail-user'?: string
  /** Slurm's --nice: more is a lower priority. */
  nice?: number
  comment?: string
  /** Raw directives for the batch system in use, each written after its directive prefix. */
  extra?: string[]
}

/** `--gpus 2` or `--gpus a100:2`. */
export interface GpuRequest {
  count: number
  type?: string
}

/** `--signal USR1@120`: USR1, 120 seconds before the time limit. */
export interface SignalRequest {
  /** The name without SIG (USR1), or a number as typed (10). */
  signal: string
  seconds: number
}

export const MAIL_TYPES = ['begin', 'end', 'fail', 'all', 'none'] as const
export type MailType = (typeof MAIL_TYPES)[number]

/** Raw option values as typed by the user or read from a profile, keyed by canonical name. */
export type RawOptions = Partial<Record<keyof JobOptions, RawValue>>

/** A value as typed, read from a profile, or given by a library caller (numbers are taken as typed). */
export type RawValue = string | number | boolean | string[]

export const OPTIONS: readonly OptionSpec[] = [
  { name: 'cores', synonyms: ['cpus'], kind: 'count', placeholder: 'N', shownDefault: '1',
    help: 'Number of cores to use for the job' },
  { name: 'modules', synonyms: [], kind: 'list', placeholder: 'MOD[,MOD]',
    help: 'Modules to load with the `module load` command' },
  { name: 'filedir', synonyms: [], kind: 'path', placeholder: 'DIR', shownDefault: '.',
    help: 'Folder to write the job files to; must be reachable from the compute nodes; no %' },
  { name: 'dir', synonyms: [], kind: 'path', placeholder: 'DIR',
    help: 'The working directory for the job', shownDefault: 'the current directory' },
  { name: 'suffix', synonyms: [], kind: 'word', placeholder: 'S', shownDefault: 'cluster',
    help: 'A suffix for the job files (NAME.SUFFIX.out): letters, digits, _, +, - and single dots (not first)' },
  { name: 'outfile', synonyms: [], kind: 'path', placeholder: 'FILE',
    help: 'File to write STDOUT to: %j job id, %x job name, %u user, %% a literal %', shownDefault: 'NAME.SUFFIX.out in filedir' },
  { name: 'errfile', synonyms: [], kind: 'path', placeholder: 'FILE',
    help: 'File to write STDERR to (% as in --outfile)', shownDefault: 'NAME.SUFFIX.err in filedir' },
  { name: 'name', synonyms: [], kind: 'text', placeholder: 'NAME', inProfile: false,
    help: 'The job name, also used for its file names', shownDefault: 'from the command' },
  { name: 'depends', synonyms: ['depend', 'dependency', 'dependencies'], kind: 'list',
    placeholder: 'ID[,ID]', inProfile: false,
    help: 'Run after these jobs: ID (completed with exit 0), afterany:ID (ended, however), afternotok:ID (only after a failure), singleton (after your other jobs of the same name)' },
  { name: 'threads', synonyms: [], kind: 'count', placeholder: 'N',
    help: 'Cores the local queue owns, when this command starts it (else [local] cores in the config)', shownDefault: 'all cores' },
  { name: 'nodes', synonyms: [], kind: 'count', placeholder: 'N', shownDefault: '1',
    help: 'Number of nodes to request' },
  { name: 'features', synonyms: [], kind: 'list', placeholder: 'F[,F]',
    help: 'Node features to require (all of them)' },
  { name: 'time', synonyms: ['walltime'], kind: 'time', placeholder: 'TIME',
    help: 'Walltime: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS (read as Slurm reads it), at most 365 days; 0 or UNLIMITED = no limit' },
  { name: 'mem', synonyms: ['memory'], kind: 'mem', placeholder: 'SIZE',
    help: "Memory for the job: MB (4000) or with a unit (500MB, 4G, 1.5G); 0 = all of a node's memory (Slurm), no request (Torque, PBS Pro: said), neither counted nor a limit (local)" },
  { name: 'partition', synonyms: ['queue'], kind: 'word', placeholder: 'NAME',
    help: 'The partition/queue to run in (e.g. batch)' },
  { name: 'account', synonyms: [], kind: 'word', placeholder: 'NAME',
    help: 'Account to be charged' },
  { name: 'export', synonyms: [], kind: 'text', placeholder: 'VARS',
    help: 'Comma-separated environment variables to export to the job' },
  { name: 'begin', synonyms: [], kind: 'word', placeholder: 'WHEN',
    help: 'Start no earlier than this (now+1hour, 16:00, 2026-12-01T08:00); now+N at most 365 days ahead' },
  { name: 'tasks', synonyms: ['ntasks'], kind: 'count', placeholder: 'N',
    help: 'MPI tasks in all (--cores is then the cores of each task)' },
  { name: 'tasks-per-node', synonyms: ['ntasks-per-node'], kind: 'count', placeholder: 'N',
    help: 'MPI tasks on each node' },
  { name: 'gpus', synonyms: ['gpu'], kind: 'gpus', placeholder: '[TYPE:]N',
    help: 'GPUs for the whole job, optionally of one type (a100:2); not with --gpus-per-node' },
  { name: 'gpus-per-node', synonyms: [], kind: 'gpus', placeholder: '[TYPE:]N',
    help: 'GPUs on each node, optionally of one type (a100:2); not with --gpus' },
  { name: 'exclusive', synonyms: [], kind: 'flag', placeholder: '',
    help: 'Whole nodes: share them with no other job' },
  { name: 'mem-per-cpu', synonyms: [], kind: 'mem', placeholder: 'SIZE',
    help: 'Memory per core, as --mem reads sizes; not with --mem' },
  { name: 'qos', synonyms: [], kind: 'word', placeholder: 'NAME',
    help: 'Quality of service' },
  { name: 'reservation', synonyms: [], kind: 'word', placeholder: 'NAME',
    help: 'Run inside this reservation (on PBS Pro its queue, on Grid Engine its advance reservation id)' },
  { name: 'hold', synonyms: [], kind: 'flag', placeholder: '', inProfile: false,
    help: 'Submit the job held: it starts only after pcluster release ID' },
  { name: 'requeue', synonyms: [], kind: 'flag', placeholder: '',
    help: 'The job may be started again after a node failure or preemption' },
  { name: 'signal', synonyms: [], kind: 'signal', placeholder: 'SIG[@SECONDS]',
    help: 'Send SIG this many seconds (default 60) before the time limit (USR1@120)' },
  { name: 'mail', synonyms: ['mail-type'], kind: 'mail', placeholder: 'TYPE[,TYPE]',
    help: 'Mail the user when the job does this: begin, end, fail, all or none' },
  { name: 'mail-user', synonyms: [], kind: 'word', placeholder: 'ADDR',
    help: 'Where mail about the job goes', shownDefault: 'the submitting user' },
  { name: 'nice', synonyms: [], kind: 'int', placeholder: 'N',
    help: 'Lower the job\'s priority by N (negative: raise it, where allowed)' },
  { name: 'comment', synonyms: [], kind: 'text', placeholder: 'TEXT',
    help: 'A comment the batch system keeps with the job' },
  { name: 'extra', synonyms: [], kind: 'lines', placeholder: 'DIRECTIVE',
    help: 'A raw directive for the batch system in use, written after its prefix (--extra \'--constraint=avx512\')' },
]

/**
 * The longest --time taken (365 days): a longer one is surely a slip (99999999 minutes is 190 years), and
 * whoever wants no limit says so with 0 or UNLIMITED.
 */
export const MAX_TIME_SECONDS = 365 * 86400

/** Defaults pcluster applies itself (python-cluster's other defaults were "recommendations" and not used). */
export const DEFAULTS: Readonly<JobOptions> = { cores: 1, nodes: 1, filedir: '.', suffix: 'cluster' }

const BY_NAME = new Map<string, OptionSpec>()
for (const spec of OPTIONS) {
  BY_NAME.set(spec.name, spec)
  for (const s of spec.synonyms) BY_NAME.set(s, spec)
}

/** Finds an option by its name or a synonym; undefined when there is none. */
export function findOption(name: string): OptionSpec | undefined {
  // a library caller may write memPerCpu, a profile mem_per_cpu
  return BY_NAME.get(name.replace(/^--?/, '').replace(/([a-z])([A-Z])/g, '$1-$2').replace(/_/g, '-').toLowerCase())
}

/** Every name and synonym, for suggestions. */
export function optionNames(): string[] {
  return [...BY_NAME.keys()]
}

/** The canonical option for a name, or a UsageError naming the closest known one. */
export function requireOption(name: string, where = 'option'): OptionSpec {
  const spec = findOption(name)
  if (spec) return spec
  const near = closest(name, optionNames())
  throw new UsageError('UNKNOWN_OPTION', `unknown ${where} '${name}'`, {
    hint: near ? `did you mean '${near}'? (pcluster options lists them all)` : 'pcluster options lists them all',
  })
}

/** Levenshtein distance, small strings only. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1))
      prev = cur
    }
  }
  return row[b.length]!
}

/** The candidate nearest to `word`, if it is near enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.replace(/^--?/, '').toLowerCase()
  let best: string | undefined
  let bestD = Infinity
  for (const c of candidates) {
    const d = distance(w, c)
    if (d < bestD) [best, bestD] = [c, d]
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(w.length / 3)) ? best : undefined
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/

function bad(spec: OptionSpec, value: string, accepts: string): UsageError {
  return new UsageError('BAD_VALUE', `invalid value ${JSON.stringify(value)} for --${spec.name}`, {
    hint: `--${spec.name} accepts ${accepts}`,
  })
}

const MEM_UNITS: Record<string, number> = { K: 1 / 1024, M: 1, G: 1024, T: 1024 * 1024, '': 1 }

/** Memory in MB, as Slurm's --mem reads it: a bare number is MB; K, M, G, T (with or without B) scale it. */
export function parseMem(value: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([KMGT]?)(?:i?B)?\s*$/i.exec(value)
  if (!m) return undefined
  const mb = Math.ceil(Number(m[1]) * MEM_UNITS[m[2]!.toUpperCase()]!)
  return mb > 0 && Number.isSafeInteger(mb) ? mb : undefined
}

/**
 * Walltime in seconds, read exactly as Slurm's --time reads it (checked against Slurm 22.05):
 * `M`, `M:S`, `H:M:S`, `D-H`, `D-H:M`, `D-H:M:S`; fields are not range-checked (`90:00` is 90 minutes,
 * `25:99:99` is 26:40:39); `0`, `INFINITE` and `UNLIMITED` mean no limit (0).
 */
export function parseTime(value: string): number | undefined {
  const v = value.trim()
  if (/^(infinite|unlimited)$/i.test(v)) return 0
  let m: RegExpExecArray | null
  let secs: number
  if ((m = /^(\d+)$/.exec(v))) secs = +m[1]! * 60
  else if ((m = /^(\d+):(\d+)$/.exec(v))) secs = +m[1]! * 60 + +m[2]!
  else if ((m = /^(\d+):(\d+):(\d+)$/.exec(v))) secs = +m[1]! * 3600 + +m[2]! * 60 + +m[3]!
  else if ((m = /^(\d+)-(\d+)(?::(\d+))?(?::(\d+))?$/.exec(v)))
    secs = +m[1]! * 86400 + +m[2]! * 3600 + +(m[3] ?? 0) * 60 + +(m[4] ?? 0)
  else return undefined
  return Number.isSafeInteger(secs) ? secs : undefined
}

/** Seconds as D-HH:MM:SS (or HH:MM:SS under a day). */
export function formatTime(secs: number): string {
  const d = Math.floor(secs / 86400)
  const h = Math.floor((secs % 86400) / 3600)
  const m = Math.floor((secs % 3600) / 60)
  const s = secs % 60
  const hms = [h, m, s].map((x) => String(x).padStart(2, '0')).join(':')
  return d > 0 ? `${d}-${hms}` : hms
}

/** Items of a comma-separated (and repeatable) list; an empty item, such as `--depends ""` from a failed
 * `$(pcluster submit ...)`, is refused rather than dropped. */
function splitList(spec: OptionSpec, value: string | string[]): string[] {
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')).map((p) => p.trim())
  if (parts.some((p) => p === ''))
    throw bad(spec, Array.isArray(value) ? value.join(',') : value, `a comma-separated list without empty items${spec.name === 'depends' ? ' (an empty job id: did the submission before it fail?)' : ''}`)
  return parts
}

/** Coerces one raw value to its type; a UsageError names the option and what it accepts. */
export function coerceOption(spec: OptionSpec, given: RawValue): JobOptions[keyof JobOptions] {
  const raw = typeof given === 'number' || typeof given === 'boolean' ? String(given) : given
  if (spec.kind === 'lines') return coerceLines(spec, raw)
  if (spec.kind === 'mail') return coerceMail(spec, splitList(spec, raw))
  if (spec.kind === 'list') {
    const items = splitList(spec, raw)
    for (const it of items)
      if (/\s/.test(it) || CONTROL.test(it)) throw bad(spec, it, 'a comma-separated list of words without spaces')
    return items
  }
  const value = Array.isArray(raw) ? raw[raw.length - 1] ?? '' : raw
  switch (spec.kind) {
    case 'count': {
      if (!/^\s*\d+\s*$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value)))
        throw bad(spec, value, 'a whole number of at least 1')
      return Number(value)
    }
    case 'flag': {
      const v = value.trim().toLowerCase()
      if (['true', 'yes', 'on', '1'].includes(v)) return true
      if (['false', 'no', 'off', '0'].includes(v)) return false
      throw bad(spec, value, 'true or false (on the command line the flag alone: --' + spec.name + ')')
    }
    case 'int': {
      if (!/^\s*[+-]?\d+\s*$/.test(value) || Math.abs(Number(value)) > MAX_NICE)
        throw bad(spec, value, `a whole number between -${MAX_NICE} and ${MAX_NICE}`)
      return Number(value)
    }
    case 'gpus': return parseGpus(spec, value)
    case 'signal': return parseSignal(spec, value)
    case 'mem': {
      // 0 is Slurm's all of the node's memory: a request of its own, not a size (parseMem refuses it)
      if (/^\s*0*\.?0+\s*([KMGT]?(i?B)?)?\s*$/i.test(value)) {
        if (spec.name === 'mem-per-cpu') throw bad(spec, value, 'a size above 0 (--mem 0 asks for all of a node\'s memory)')
        return 0
      }
      const mb = parseMem(value)
      if (mb === undefined) throw bad(spec, value, 'a size in MB (4000) or with a unit (500MB, 4G, 1.5G)')
      return mb
    }
    case 'time': {
      const secs = parseTime(value)
      if (secs === undefined)
        throw bad(spec, value, 'minutes (90), MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS (e.g. 12:00:00, 1-12)')
      if (secs > MAX_TIME_SECONDS)
        throw new UsageError('BAD_VALUE', `--${spec.name} ${value.trim()} is ${formatTime(secs)}, more than the longest pcluster takes (365 days)`, {
          hint: `ask for at most 365-00:00:00, or for no limit with --${spec.name} 0 (or UNLIMITED)`,
        })
      return secs
    }
    case 'word':
      if (spec.name === 'suffix') {
        checkPercent(spec, value)
        checkSuffix(spec, value)
      }
      if (value === '' || /\s/.test(value) || CONTROL.test(value)) throw bad(spec, value, 'a single word without spaces')
      checkPercent(spec, value)
      if (spec.name === 'begin') checkBegin(spec, value)
      return value
    case 'text':
    case 'path':
      if (value === '' || CONTROL.test(value)) throw bad(spec, value, 'text without newlines or control characters')
      checkPercent(spec, value)
      return value
  }
}

/** Slurm's range for --nice (its 22.05 man page: "values from -2147483645 to 2147483645"). */
const MAX_NICE = 2147483645

/** `N` or `TYPE:N` (Slurm's --gpus form); the type a plain name (a100, tesla_v100). */
function parseGpus(spec: OptionSpec, value: string): GpuRequest {
  const m = /^\s*(?:([A-Za-z][A-Za-z0-9_.-]*):)?(\d+)\s*$/.exec(value)
  if (!m || Number(m[2]) < 1 || !Number.isSafeInteger(Number(m[2])))
    throw bad(spec, value, 'a number of GPUs of at least 1, or TYPE:N (a100:2)')
  return m[1] ? { count: Number(m[2]), type: m[1] } : { count: Number(m[2]) }
}

/** Signal names every batch system's kill(1) knows (signal(7)), without SIG. */
const SIGNALS = new Set(['HUP', 'INT', 'QUIT', 'ABRT', 'KILL', 'USR1', 'USR2', 'ALRM', 'TERM', 'CONT', 'STOP', 'TSTP', 'XCPU', 'XFSZ', 'VTALRM', 'PROF', 'WINCH', 'URG', 'PWR', 'SYS'])

/** `SIG[@SECONDS]` as Slurm's --signal reads it: a name (with or without SIG) or a number 1-64; seconds 0-65535, default 60. */
function parseSignal(spec: OptionSpec, value: string): SignalRequest {
  const m = /^\s*([A-Za-z0-9]+)(?:@(\d+))?\s*$/.exec(value)
  const name = m?.[1]!.toUpperCase().replace(/^SIG/, '')
  const ok = name !== undefined && (SIGNALS.has(name) || (/^\d+$/.test(name) && Number(name) >= 1 && Number(name) <= 64))
  const seconds = m?.[2] === undefined ? 60 : Number(m[2])
  if (!ok || seconds > 65535) throw bad(spec, value, 'SIG@SECONDS: a signal name (USR1, TERM, ...) or number, and seconds before the time limit from 0 to 65535 (default 60)')
  return { signal: name!, seconds }
}

function coerceMail(spec: OptionSpec, items: string[]): MailType[] {
  const types = items.map((it) => it.toLowerCase())
  const wrong = types.find((t) => !(MAIL_TYPES as readonly string[]).includes(t))
  if (wrong !== undefined) throw bad(spec, wrong, MAIL_TYPES.join(', ') + ' (comma-separated)')
  if (types.includes('none') && types.length > 1) throw bad(spec, items.join(','), 'none alone, or any of begin, end, fail, all')
  return [...new Set(types)] as MailType[]
}

/**
 * Raw directives, each one line for the batch system in use: never split on commas (`--gres=gpu:1,mps:10` is
 * one directive), and no line breaks or control characters, which would start a line of their own. That each
 * is not a whole directive line (prefix and all) is checked where the prefix is known (backends/table.ts).
 */
function coerceLines(spec: OptionSpec, raw: string | string[]): string[] {
  const items = (Array.isArray(raw) ? raw : [raw]).map((v) => v.trim())
  for (const it of items)
    if (it === '' || CONTROL.test(it)) throw bad(spec, it, 'one directive of the batch system in use, without newlines or control characters')
  return items
}

/** Keyword pairs only one of which a job may give. */
const EXCLUSIVE: readonly [keyof JobOptions, keyof JobOptions][] = [['mem', 'mem-per-cpu'], ['gpus', 'gpus-per-node']]

/**
 * Keywords that exclude each other (Slurm refuses --mem with --mem-per-cpu): both given in one layer (the
 * flags, or one profile) is refused; a later layer's one replaces an earlier layer's other, so that
 * `--mem-per-cpu 2G` on the command line overrides a profile's `mem`.
 */
export function mergeLayers(layers: readonly JobOptions[]): JobOptions {
  const out: Record<string, unknown> = {}
  for (const layer of layers) {
    for (const [a, b] of EXCLUSIVE) {
      if (layer[a] !== undefined && layer[b] !== undefined)
        throw new UsageError('CONFLICTING_OPTIONS', `--${a} and --${b} cannot both be given`, {
          hint: `--${a} is ${a === 'mem' ? 'memory per node' : 'GPUs for the whole job'}, --${b} ${b === 'mem-per-cpu' ? 'memory per core' : 'GPUs per node'}: ask for one`,
        })
      if (layer[a] !== undefined) delete out[b]
      if (layer[b] !== undefined) delete out[a]
    }
    Object.assign(out, layer)
  }
  const o = out as JobOptions
  const nodes = o.nodes ?? 1
  if (o.tasks !== undefined && o['tasks-per-node'] !== undefined && o.tasks !== o['tasks-per-node'] * nodes)
    throw new UsageError('CONFLICTING_OPTIONS', `--tasks ${o.tasks} with --tasks-per-node ${o['tasks-per-node']} on ${nodes} node${nodes === 1 ? '' : 's'} is ${o['tasks-per-node'] * nodes} tasks, not ${o.tasks}`, {
      hint: `ask for --nodes ${Math.ceil(o.tasks / o['tasks-per-node'])}, or give only one of --tasks and --tasks-per-node`,
    })
  return o
}

/** How a job's MPI tasks sit on its nodes, for systems that ask for resources per node. */
export interface TaskLayout {
  nodes: number
  /** Tasks on each node: --tasks-per-node, else --tasks spread evenly, else 1. */
  tasksPerNode: number
  /** Cores on each node: tasks per node times cores per task. */
  coresPerNode: number
  /** Whether the job asked for tasks at all (MPI ranks to place). */
  mpi: boolean
}

/** The layout, or undefined when --tasks does not divide evenly over --nodes (only Slurm can say that). */
export function taskLayout(o: JobOptions): TaskLayout | undefined {
  const nodes = o.nodes ?? 1
  const cores = o.cores ?? 1
  let per = o['tasks-per-node'] ?? 1
  if (o['tasks-per-node'] === undefined && o.tasks !== undefined) {
    if (o.tasks % nodes) return undefined
    per = o.tasks / nodes
  }
  return { nodes, tasksPerNode: per, coresPerNode: per * cores, mpi: o.tasks !== undefined || o['tasks-per-node'] !== undefined }
}

/** Memory on each node in MB: --mem, else --mem-per-cpu times the cores on a node; undefined when neither (0: all of it). */
export function memPerNode(o: JobOptions, coresPerNode: number): number | undefined {
  return o['mem-per-cpu'] !== undefined ? o['mem-per-cpu'] * coresPerNode : o.mem
}

/**
 * `%` in --outfile/--errfile is a pattern, the same on every backend (outputpatterns.ts). pcluster's own
 * file names (filedir, suffix) exist before the job has an id, so a `%` there could mean nothing else:
 * refused rather than taken literally by pcluster and then expanded by Slurm in the output path.
 */
function checkPercent(spec: OptionSpec, value: string): void {
  if (spec.name === 'outfile' || spec.name === 'errfile') checkPattern(spec.name, value)
  else if ((spec.name === 'filedir' || spec.name === 'suffix') && value.includes('%'))
    throw new UsageError('BAD_VALUE', `invalid value ${JSON.stringify(value)} for --${spec.name}: no % here`, {
      hint: `pcluster creates the job's files before it has an id; --outfile/--errfile take ${PATTERN_HELP}`,
    })
}

/** What a suffix may be made of: it is part of every job file's name, so never a path. */
export const SUFFIX_HELP = 'letters, digits, _, +, - and single dots (not first), at most 64 characters: e.g. cluster, run2, v1.3'

/**
 * --suffix goes into every job file's name (NAME.SUFFIX.out): a `/` or a `..` would put the files outside
 * filedir (and out of `clean`'s reach), so only the characters of a plain file name are taken.
 */
function checkSuffix(spec: OptionSpec, value: string): void {
  if (!/^[A-Za-z0-9_+-][A-Za-z0-9._+-]{0,63}$/.test(value) || value.includes('..'))
    throw new UsageError('BAD_VALUE', `invalid value ${JSON.stringify(value)} for --${spec.name}: it is part of every job file's name`, {
      hint: `a suffix takes ${SUFFIX_HELP}`,
    })
}

/** The furthest ahead --begin now+N may reach (as far as the longest --time): further is surely a slip. */
const MAX_BEGIN_SECONDS = MAX_TIME_SECONDS

const BEGIN_UNITS: Record<string, number> = { '': 1, s: 1, sec: 1, second: 1, seconds: 1, m: 60, min: 60, minute: 60, minutes: 60,
  h: 3600, hour: 3600, hours: 3600, d: 86400, day: 86400, days: 86400, w: 604800, week: 604800, weeks: 604800 }

/**
 * --begin is passed on in the forms each batch system reads (Slurm's own are many); the two forms every backend
 * converts are range-checked here for all of them: `now+N[unit]` at most 365 days ahead (a larger N made no
 * date at all, written as `NaN` into a Grid Engine script), and `YYYY-MM-DD[THH:MM[:SS]]` a real day and time
 * (Date would take 2026-02-31 as March 3rd).
 */
function checkBegin(spec: OptionSpec, value: string): void {
  const v = value.trim().toLowerCase()
  const refuse = (why: string, hint: string) => new UsageError('BAD_VALUE', `invalid value ${JSON.stringify(value)} for --${spec.name}: ${why}`, { hint })
  const rel = /^now\+(\d+)([a-z]*)$/.exec(v)
  const unit = rel ? BEGIN_UNITS[rel[2]!] : undefined
  if (rel && unit !== undefined && !(Number(rel[1]!) * unit <= MAX_BEGIN_SECONDS))
    throw refuse(`more than ${MAX_BEGIN_SECONDS / 86400} days ahead`, `now+N reaches at most ${MAX_BEGIN_SECONDS / 86400} days ahead (now+365days); for a later start give a date (YYYY-MM-DD)`)
  const d = /^(\d{4})-(\d{2})-(\d{2})(?:t(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(v)
  if (d) {
    const [y, mo, day, h, mi, s] = d.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number]
    const at = new Date(Date.UTC(y, mo - 1, day))
    at.setUTCFullYear(y)
    if (at.getUTCMonth() !== mo - 1 || at.getUTCDate() !== day || h > 23 || mi > 59 || s > 59)
      throw refuse('no such date or time', 'a date is YYYY-MM-DD[THH:MM[:SS]], a real day and time (2026-12-01T08:00)')
  }
}

/** Coerces a set of raw options (canonical names or synonyms) into typed JobOptions. */
export function coerceOptions(raw: Record<string, RawValue | undefined>): JobOptions {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue
    const spec = requireOption(key)
    out[spec.name] = coerceOption(spec, value)
  }
  return out as JobOptions
}

/** Whether a keyword has an effect on a backend: pcluster's own everywhere, the rest where its table renders them. */
export function appliesTo(spec: OptionSpec, directives: Readonly<Record<string, unknown>>): boolean {
  return (CORE_KEYWORDS as readonly string[]).includes(spec.name) || typeof directives[spec.name] === 'function'
}

/** Whether a keyword was asked for: given, and not a flag set to false or an empty list. */
export function isAsked(value: unknown): boolean {
  return value !== undefined && value !== false && !(Array.isArray(value) && value.length === 0)
}

/**
 * Keywords a system without them passes over with a note at submit (the job runs the same, only without
 * them): scheduling wishes rather than resources. The older keywords (partition, account, ...) are passed
 * over silently, as python-cluster did, so that a profile written for a cluster runs on a laptop quietly.
 */
export const SAID_WHEN_IGNORED: readonly (keyof JobOptions)[] = ['tasks-per-node', 'exclusive', 'qos', 'requeue', 'mail', 'mail-user', 'nice', 'comment', 'extra']
