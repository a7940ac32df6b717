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

type Kind = 'count' | 'mem' | 'time' | 'word' | 'text' | 'list' | 'path'

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
}

/** Raw option values as typed by the user or read from a profile, keyed by canonical name. */
export type RawOptions = Partial<Record<keyof JobOptions, RawValue>>

/** A value as typed, read from a profile, or given by a library caller (numbers are taken as typed). */
export type RawValue = string | number | string[]

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
    help: 'A suffix for the job files (NAME.SUFFIX.out)' },
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
    help: 'Start no earlier than this (now+1hour, 16:00, 2026-12-01T08:00)' },
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
  return BY_NAME.get(name.replace(/^--?/, '').replace(/_/g, '-').toLowerCase())
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
  const raw = typeof given === 'number' ? String(given) : given
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
    case 'mem': {
      // 0 is Slurm's all of the node's memory: a request of its own, not a size (parseMem refuses it)
      if (/^\s*0*\.?0+\s*([KMGT]?(i?B)?)?\s*$/i.test(value)) return 0
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
      if (value === '' || /\s/.test(value) || CONTROL.test(value)) throw bad(spec, value, 'a single word without spaces')
      checkPercent(spec, value)
      return value
    case 'text':
    case 'path':
      if (value === '' || CONTROL.test(value)) throw bad(spec, value, 'text without newlines or control characters')
      checkPercent(spec, value)
      return value
  }
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
  return (CORE_KEYWORDS as readonly string[]).includes(spec.name) || directives[spec.name] !== null
}
