// The INI config: profiles ([prof_NAME] sections, as in python-cluster's ~/.python-cluster) and settings
// ([queue] max_jobs / max_queue_len, poll_max, submit_timeout; [jobs] keep_days, check). Resolves a job's options: built-in < default < profile < flags.
import { log } from './log.js'
import { existsSync, readFileSync, renameSync, writeFileSync, unlinkSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { parse } from 'ini'
import { deleteSectionText, hasSection, setKeyText } from './configedit.js'
import { keyLines, pythonList, quotedList, strayLines, writeQuotedList } from './configtext.js'
import { FileError, UsageError } from './errors.js'
import { DEFAULTS, closest, coerceOptions, findOption, mergeLayers, optionNames, parseMem, requireOption, type JobOptions, type RawOptions, type RawValue } from './options.js'

export interface Settings {
  /** Pending+running jobs above which submit waits; 0 disables. */
  maxQueueLen: number
  /** Longest pause between status polls while waiting, in seconds. */
  pollMax: number
  /** Days pcluster keeps its own record of a job that ended ([jobs] keep_days); 0: forever. */
  keepDays: number
  /** Seconds a submit command may take before its answer counts as lost ([queue] submit_timeout). */
  submitTimeout: number
  /** Whether submit asks the scheduler whether the job could run before queuing it ([jobs] check). */
  check: boolean
}

export const DEFAULT_SETTINGS: Settings = { maxQueueLen: 1000, pollMax: 30, keepDays: 14, submitTimeout: 120, check: false }

/**
 * The keys the core reads in its own sections ([jobs] node: the Node a function job runs on). Each backend
 * lists those of its own section (BackendInfo.configKeys); a profile's are the job options.
 */
export const CORE_CONFIG_KEYS = {
  queue: ['max_queue_len', 'max_jobs', 'poll_max', 'submit_timeout'],
  jobs: ['keep_days', 'node', 'check'],
} as const satisfies Record<string, readonly string[]>
/** The values of those keys while the file does not set them ([jobs] node: the Node that submits, so none fixed). */
export const CORE_CONFIG_DEFAULTS = {
  queue: { max_queue_len: String(DEFAULT_SETTINGS.maxQueueLen), poll_max: String(DEFAULT_SETTINGS.pollMax) },
  jobs: { keep_days: String(DEFAULT_SETTINGS.keepDays) },
} as const satisfies Record<string, Record<string, string>>
type QueueKey = (typeof CORE_CONFIG_KEYS.queue)[number]
type JobsKey = (typeof CORE_CONFIG_KEYS.jobs)[number]

export interface Config {
  /** The file writes go to. */
  path: string
  /** The file read (may be python-cluster's ~/.python-cluster while pcluster's own does not exist yet). */
  readFrom: string | null
  profiles: Record<string, RawOptions>
  settings: Settings
  /** The parsed INI, every section (those pcluster does not know too). */
  raw: Record<string, unknown>
  /** The file's text as read ('' when none): writes edit it in place, so that comments and spacing stay. */
  text: string
  /** Per profile, the line each option was read from (for errors that name the file and line). */
  lines?: Record<string, Partial<Record<keyof JobOptions, number>>>
  /** What in the file reads like a mistake: refused when a job uses it (see resolveOptions). */
  problems?: ConfigProblem[]
}

/** A line of the config that reads like a mistake: a typo of an option in a profile, or a line in no section. */
export interface ConfigProblem {
  /** The profile it is in; undefined for a line outside any section (it concerns every job). */
  profile?: string
  message: string
  hint: string
}

/**
 * python-cluster's own profile keys, which pcluster has no use for: kept in the file and ignored, even were
 * one ever near a pcluster option. Any other unknown key near nothing is ignored too; one near an option is a typo.
 */
const PYTHON_CLUSTER_ONLY = new Set(['imports'])

/** `$PCLUSTER_CONFIG`, else `~/.pcluster`. */
export function configPath(): string {
  return process.env.PCLUSTER_CONFIG || join(homedir(), '.pcluster')
}

const PROFILE_NAME = /^[A-Za-z0-9_-]+$/

/**
 * One [section] of the config, as its owner reads it (the core its [queue]; each backend its own, such as
 * [local]): values checked, an error naming the file and the section.
 */
export interface ConfigSection {
  name: string
  /** The file it was read from (or would be written to). */
  where: string
  values: Record<string, unknown> | undefined
}

export function configSection(config: Pick<Config, 'raw' | 'readFrom' | 'path'>, name: string): ConfigSection {
  const values = config.raw[name]
  return { name, where: config.readFrom ?? config.path, values: typeof values === 'object' && values !== null ? values as Record<string, unknown> : undefined }
}

function badSetting(sec: ConfigSection, key: string, value: unknown, what: string): FileError {
  return new FileError('BAD_CONFIG', `${sec.where}: [${sec.name}] ${key} must be ${what}, not ${JSON.stringify(value)}`, { path: sec.where, exitCode: 2 })
}

/**
 * The first of `keys` present (synonyms, the newest name first) as a whole number from 0 to `max`, else the
 * fallback. A duration's `max` keeps it within what a timer or a date can hold (poll_max = 99999999999 made every
 * timer fire at once; keep_days = 99999999999 made no date, and `queue` an internal error).
 */
export function readWholeNumber(sec: ConfigSection, keys: readonly string[], fallback: number, max?: { value: number; unit: string }): number {
  for (const k of keys) {
    const v = sec.values?.[k]
    if (v === undefined) continue
    const n = Number(v)
    if (!Number.isSafeInteger(n) || n < 0 || (max && n > max.value))
      throw badSetting(sec, k, v, max ? `a whole number of ${max.unit} from 0 to ${max.value}` : 'a whole number')
    return n
  }
  return fallback
}

/** A true/false setting (true, yes, on, 1 / false, no, off, 0), or the fallback when absent. */
export function readFlag(sec: ConfigSection, key: string, fallback: boolean): boolean {
  const v = sec.values?.[key]
  if (v === undefined) return fallback
  const word = String(v).trim().toLowerCase()
  if (['true', 'yes', 'on', '1'].includes(word)) return true
  if (['false', 'no', 'off', '0'].includes(word)) return false
  throw badSetting(sec, key, v, 'true or false')
}

/** The longest poll interval ([queue] poll_max) and idle time ([local] idle) taken: a day. */
export const MAX_SECONDS_SETTING = { value: 86400, unit: 'seconds' }
/** The longest keep_days taken: a hundred years. */
export const MAX_KEEP_DAYS = { value: 36500, unit: 'days' }

/** A size in MB (16G, 4000), or undefined when absent. */
export function readSize(sec: ConfigSection, key: string): number | undefined {
  const v = sec.values?.[key]
  if (v === undefined) return undefined
  const mb = parseMem(String(v))
  if (mb === undefined) throw badSetting(sec, key, v, 'a size such as 16G')
  return mb
}

/**
 * Loads the config. When pcluster's own file does not exist but python-cluster's `~/.python-cluster` does,
 * its profiles are read (never written: the first write creates pcluster's own file).
 */
export function loadConfig(path = configPath()): Config {
  const { readFrom, text } = readConfigText(path)
  log.debug(readFrom ? `config: ${readFrom}` : `config: none (${path} does not exist)`)
  return parseConfig(text, readFrom, path)
}

/** The text of the config file pcluster reads (see loadConfig), '' when there is none. */
export function readConfigText(path = configPath()): { readFrom: string | null; text: string } {
  let readFrom: string | null = null
  if (existsSync(path)) readFrom = path
  else if (!process.env.PCLUSTER_CONFIG && existsSync(join(homedir(), '.python-cluster')))
    readFrom = join(homedir(), '.python-cluster')
  if (!readFrom) return { readFrom, text: '' }
  try {
    return { readFrom, text: readFileSync(readFrom, 'utf8') }
  } catch (e) {
    throw new FileError('CONFIG_UNREADABLE', `cannot read config ${readFrom}: ${(e as Error).message}`,
      { path: readFrom, exitCode: 2 })
  }
}

/** The config in `text`, read from `readFrom` (null: no file), written to `path`; a bad setting throws. */
export function parseConfig(text: string, readFrom: string | null, path: string): Config {
  const raw = parse(text) as Record<string, unknown>
  const where = readFrom ?? path
  const found = keyLines(text)
  const problems: ConfigProblem[] = strayLines(text).map(({ line, text }) => ({
    message: `${where}:${line}: '${text}' is outside any [section], so nothing reads it`,
    hint: 'move it under the [prof_NAME] section it belongs to (e.g. [prof_default]), or delete it',
  }))
  const profiles: Record<string, RawOptions> = {}
  const lines: Record<string, Partial<Record<keyof JobOptions, number>>> = {}
  for (const [section, body] of Object.entries(raw)) {
    if (!section.startsWith('prof_') || typeof body !== 'object' || body === null) continue
    const name = section.slice('prof_'.length)
    const prof: RawOptions = {}
    const at: Partial<Record<keyof JobOptions, number>> = {}
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      const line = found.get(section)?.get(k)
      const spec = findOption(k)
      if (!spec) {
        // python-cluster keys pcluster has no use for (e.g. imports) are kept in the file, unused; a typo is not
        const near = PYTHON_CLUSTER_ONLY.has(k.toLowerCase()) ? undefined : closest(k, optionNames())
        if (near) problems.push({ profile: name, message: `${where}${line ? `:${line}` : ''}: unknown option '${k}' in [${section}]`,
          hint: `did you mean '${near}'? (pcluster options lists them all)` })
        continue
      }
      if (spec.kind === 'lines') {
        // raw directives hold commas (--gres=gpu:1,mps:10): one item, or a list of quoted items
        const items = typeof v === 'string' ? quotedList(v) : undefined
        if (items?.length === 0) continue
        prof[spec.name] = items ?? [String(v)]
        if (line) at[spec.name] = line
        continue
      }
      const list = typeof v === 'string' && spec.kind === 'list' ? pythonList(v) : undefined
      if (list === '') continue // python-cluster's [] : no items
      prof[spec.name] = list ?? String(v)
      if (line) at[spec.name] = line
    }
    profiles[name] = prof
    lines[name] = at
  }
  profiles.default ??= {}
  const queue = configSection({ raw, readFrom, path }, 'queue')
  const jobs = configSection({ raw, readFrom, path }, 'jobs')
  const settings: Settings = {
    maxQueueLen: readWholeNumber(queue, ['max_queue_len', 'max_jobs'] satisfies QueueKey[], DEFAULT_SETTINGS.maxQueueLen),
    pollMax: readWholeNumber(queue, ['poll_max'] satisfies QueueKey[], DEFAULT_SETTINGS.pollMax, MAX_SECONDS_SETTING) || DEFAULT_SETTINGS.pollMax,
    keepDays: readWholeNumber(jobs, ['keep_days'] satisfies JobsKey[], DEFAULT_SETTINGS.keepDays, MAX_KEEP_DAYS),
    submitTimeout: readWholeNumber(queue, ['submit_timeout'] satisfies QueueKey[], DEFAULT_SETTINGS.submitTimeout, MAX_SECONDS_SETTING) || DEFAULT_SETTINGS.submitTimeout,
    check: readFlag(jobs, 'check', DEFAULT_SETTINGS.check),
  }
  return { path, readFrom, profiles, settings, raw, text, lines, problems }
}

function unknownProfile(config: Config, name: string): UsageError {
  return new UsageError('UNKNOWN_PROFILE', `no profile named '${name}' in ${config.readFrom ?? config.path}`, {
    hint: `profiles: ${Object.keys(config.profiles).sort().join(', ')}`,
  })
}

export function getProfile(config: Config, name: string): RawOptions {
  const prof = config.profiles[name]
  if (!prof) throw unknownProfile(config, name)
  return prof
}

/**
 * Writes `text` as the config file, atomically (temp file in the same folder, then rename), private to the user;
 * `config` then holds what was written.
 */
export function writeConfig(config: Config, text: string): void {
  const tmp = join(dirname(config.path), `.${process.pid}.${Date.now()}.pcluster-config.tmp`)
  try {
    writeFileSync(tmp, text, { mode: 0o600 })
    renameSync(tmp, config.path)
  } catch (e) {
    try { unlinkSync(tmp) } catch { /* never created */ }
    throw new FileError('CONFIG_UNWRITABLE', `cannot write config ${config.path}: ${(e as Error).message}`,
      { path: config.path })
  }
  Object.assign(config, parseConfig(text, config.path, config.path))
}

/** Sets (merges) keywords of a profile, validating every value first; creates the profile if new. */
export function setProfile(config: Config, name: string, values: Record<string, RawValue>): RawOptions {
  if (!PROFILE_NAME.test(name))
    throw new UsageError('BAD_PROFILE_NAME', `invalid profile name '${name}'`, { hint: 'use letters, digits, _ and -' })
  for (const [k, v] of Object.entries(values)) {
    const spec = requireOption(k)
    if (spec.inProfile === false) throw new UsageError('NOT_IN_PROFILE', `--${spec.name} cannot be stored in a profile`)
    coerceOptions({ [k]: v })
  }
  let text = config.text
  for (const [k, v] of Object.entries(values)) {
    const spec = requireOption(k)
    // the line of this option (under any of its names) gets the new value; the option's own name on a new line
    const value = spec.kind === 'lines' ? writeQuotedList(Array.isArray(v) ? v : [String(v)]) : Array.isArray(v) ? v.join(',') : String(v)
    text = setKeyText(text, `prof_${name}`, spec.name, value, (key) => findOption(key)?.name === spec.name)
  }
  writeConfig(config, text)
  return config.profiles[name]!
}

/** Deletes a profile; `default` always exists, so deleting it empties it (and is no error when it is empty). */
export function deleteProfile(config: Config, name: string): void {
  if (name !== 'default' && !config.profiles[name]) throw unknownProfile(config, name)
  if (!hasSection(config.text, `prof_${name}`)) return
  writeConfig(config, deleteSectionText(config.text, `prof_${name}`))
}

/**
 * Resolves a job's options: built-in defaults < the default profile < the named profile < flags.
 * Every value is validated; a bad one in a profile names the profile, the file and the line. A line of the
 * file that reads like a mistake (see ConfigProblem) is refused when it concerns this job.
 */
export function resolveOptions(config: Config, flags: RawOptions, profile?: string): JobOptions {
  const used = ['default', ...(profile ? [profile] : [])]
  log.debug(() => `profiles: ${used.map((p) => `${p}${config.profiles[p] ? ` ${JSON.stringify(config.profiles[p])}` : ' (empty)'}`).join(', then ')}`)
  const problem = config.problems?.find((p) => p.profile === undefined || used.includes(p.profile))
  if (problem) throw new UsageError('BAD_CONFIG', problem.message, { hint: problem.hint })
  const layer = (raw: RawOptions, where: string): JobOptions => {
    if (!where) return coerceOptions(raw)
    const out: JobOptions = {}
    for (const [key, value] of Object.entries(raw) as [keyof JobOptions, RawOptions[keyof JobOptions]][]) {
      try {
        Object.assign(out, coerceOptions({ [key]: value }))
      } catch (e) {
        if (!(e instanceof UsageError)) throw e
        const line = config.lines?.[where]?.[key]
        const file = config.readFrom ?? config.path
        throw new UsageError(e.code, `${e.message} (in profile '${where}', ${file}${line ? `:${line}` : ''})`, { hint: e.hint })
      }
    }
    return out
  }
  const named = profile && profile !== 'default' ? layer(getProfile(config, profile), profile) : {}
  return mergeLayers([DEFAULTS, layer(config.profiles.default ?? {}, 'default'), named, layer(flags, '')])
}
