// python-cluster's config_file functions over pcluster's own INI file ($PCLUSTER_CONFIG, else ~/.pcluster):
// a key or a section (get/set/delete), and profiles by name. Each call reads the file afresh and writes it
// atomically; a write that would leave the file unreadable to pcluster (a bad [queue] value) is undone.
import { UsageError } from './errors.js'
import { configPath, deleteProfile as deleteFromConfig, loadConfig, setProfile as setInConfig, writeConfig } from './config.js'
import { checkArguments, type Keywords } from './keywords.js'
import type { RawOptions } from './options.js'

const SECTION = /^[A-Za-z0-9_.-]+$/
const KEY = /^[A-Za-z0-9_.-]+$/

function checkName(what: string, name: string, re: RegExp): void {
  if (!re.test(name)) throw new UsageError('BAD_CONFIG_NAME', `invalid ${what} '${name}'`, { hint: 'use letters, digits, _, - and .' })
}

/** Writes `change` of the raw INI, then reads the file back as pcluster will; a file it cannot read is restored. */
function change(path: string | undefined, edit: (raw: Record<string, unknown>) => void): void {
  const config = loadConfig(path ?? configPath())
  const before = structuredClone(config.raw)
  edit(config.raw)
  writeConfig(config)
  try {
    loadConfig(config.path)
  } catch (e) {
    writeConfig({ ...config, raw: before })
    throw e
  }
}

/**
 * A value (`getOption('queue', 'max_queue_len')`), a whole section (`getOption('queue')`) or the whole file
 * (`getOption()`), as written in the file (strings); undefined when absent. With `fallback`, an absent key is
 * written with it first, as python-cluster's get_option(default=) did.
 */
export function getOption(section?: string, key?: string, fallback?: string | number, opts: { path?: string } = {}): unknown {
  const raw = loadConfig(opts.path ?? configPath()).raw
  if (section === undefined) return JSON.parse(JSON.stringify(raw))
  const body = raw[section]
  if (key === undefined) return typeof body === 'object' && body !== null ? { ...body } : undefined
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[key] : undefined
  if (value === undefined && fallback !== undefined) {
    setOption(section, key, fallback, opts)
    return String(fallback)
  }
  return value
}

/**
 * Writes one key (python-cluster's set_option). A key of a profile section (`prof_NAME`) is a job keyword,
 * checked as everywhere; [queue] values are checked as pcluster reads them. Unknown sections are kept as written.
 */
export function setOption(section: string, key: string, value: string | number | boolean, opts: { path?: string } = {}): void {
  checkName('section', section, SECTION)
  checkName('key', key, KEY)
  if (section.startsWith('prof_')) {
    setProfile(section.slice('prof_'.length), { [key]: value } as Keywords, opts)
    return
  }
  change(opts.path, (raw) => {
    const body = (typeof raw[section] === 'object' && raw[section] !== null ? raw[section] : {}) as Record<string, unknown>
    body[key] = String(value)
    raw[section] = body
  })
}

/** Deletes a key, or the whole section when no key is given (python-cluster's delete); absent ones are no error. */
export function deleteOption(section: string, key?: string, opts: { path?: string } = {}): void {
  change(opts.path, (raw) => {
    if (key === undefined) delete raw[section]
    else if (typeof raw[section] === 'object' && raw[section] !== null) delete (raw[section] as Record<string, unknown>)[key]
  })
}

/** One profile's keywords (canonical names, as written), or every profile by name when no name is given. */
export function getProfile(name?: string, opts: { path?: string } = {}): RawOptions | Record<string, RawOptions> {
  const config = loadConfig(opts.path ?? configPath())
  if (name === undefined) return config.profiles
  const prof = config.profiles[name]
  if (!prof) throw new UsageError('UNKNOWN_PROFILE', `no profile named '${name}' in ${config.readFrom ?? config.path}`,
    { hint: `profiles: ${Object.keys(config.profiles).sort().join(', ')}` })
  return prof
}

/**
 * Sets (merges) keywords of a profile, creating it if new (python-cluster's set_profile): synonyms taken, every
 * value checked first; returns the profile as now stored.
 */
export function setProfile(name: string, options: Keywords, opts: { path?: string } = {}): RawOptions {
  checkArguments(options)
  const values: Record<string, string | number | string[]> = {}
  for (const [k, v] of Object.entries(options)) if (v !== undefined) values[k] = v as string | number | string[]
  return setInConfig(loadConfig(opts.path ?? configPath()), name, values)
}

/** Deletes a profile (`default` is emptied, as it always exists). */
export function deleteProfile(name: string, opts: { path?: string } = {}): void {
  deleteFromConfig(loadConfig(opts.path ?? configPath()), name)
}

