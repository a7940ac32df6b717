// python-cluster's config_file functions over pcluster's own INI file ($PCLUSTER_CONFIG, else ~/.pcluster):
// a key or a section (get/set/delete), and profiles by name. Each call reads the file afresh and edits its text
// in place (comments and spacing kept), written atomically; only the sections and keys pcluster reads can be
// set, and a value it could not read (a bad [queue] value) is refused before anything is written.
import { UsageError } from './errors.js'
import { CORE_CONFIG_KEYS, configPath, deleteProfile as deleteFromConfig, loadConfig, parseConfig, readConfigText, setProfile as setInConfig, writeConfig } from './config.js'
import { deleteKeyText, deleteSectionText, setKeyText } from './configedit.js'
import { checkArguments, type Keywords } from './keywords.js'
import { closest, type RawOptions } from './options.js'
import { backends } from './resolver.js'

const SECTION = /^[A-Za-z0-9_.-]+$/
const KEY = /^[A-Za-z0-9_.-]+$/

function checkName(what: string, name: string, re: RegExp): void {
  if (!re.test(name)) throw new UsageError('BAD_CONFIG_NAME', `invalid ${what} '${name}'`, { hint: 'use letters, digits, _, - and .' })
}

/**
 * Writes an edit of the file's text once pcluster can read the result (a bad value throws, nothing written);
 * an edit that changes nothing writes nothing. The file read may hold a bad value already: an edit can fix it.
 */
function change(path: string | undefined, edit: (text: string) => string): void {
  const to = path ?? configPath()
  const { text } = readConfigText(to)
  const next = edit(text)
  if (next === text) return
  writeConfig(parseConfig(next, to, to), next)
}

/** Every section pcluster reads (but profiles) with its keys: the core's, then each backend's own. */
function knownSections(): Record<string, readonly string[]> {
  return { ...CORE_CONFIG_KEYS, ...backends().configKeys }
}

/** An unknown section or key is refused, with the nearest known one, as an unknown option is. */
function checkSetting(section: string, key: string): void {
  const known = knownSections()
  const keys = known[section]
  if (!keys) {
    const names = Object.keys(known)
    const near = closest(section, [...names, 'prof_default'])
    const all = `pcluster reads ${names.map((n) => `[${n}]`).join(', ')} and profiles, [prof_NAME]`
    throw new UsageError('UNKNOWN_SETTING', `unknown config section [${section}]`, { hint: near ? `did you mean [${near}]? (${all})` : all })
  }
  if (keys.includes(key)) return
  const near = closest(key, keys)
  const all = `[${section}] has ${keys.join(', ')}`
  throw new UsageError('UNKNOWN_SETTING', `unknown key '${key}' in config section [${section}]`, { hint: near ? `did you mean '${near}'? (${all})` : all })
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
 * Writes one key (python-cluster's set_option), in place: the key's line if it has one, else a line added to its
 * section, else the section added at the end. Only a section and key pcluster reads: a key of a profile section
 * (`prof_NAME`) is a job keyword, checked as everywhere; [queue] values are checked as pcluster reads them.
 */
export function setOption(section: string, key: string, value: string | number | boolean, opts: { path?: string } = {}): void {
  checkName('section', section, SECTION)
  checkName('key', key, KEY)
  if (section.startsWith('prof_')) {
    setProfile(section.slice('prof_'.length), { [key]: value } as Keywords, opts)
    return
  }
  checkSetting(section, key)
  change(opts.path, (text) => setKeyText(text, section, key, String(value)))
}

/**
 * Deletes a key, or the whole section when no key is given (python-cluster's delete); absent ones are no error,
 * and unknown ones can go too. Every other line stays as it was.
 */
export function deleteOption(section: string, key?: string, opts: { path?: string } = {}): void {
  change(opts.path, (text) => (key === undefined ? deleteSectionText(text, section) : deleteKeyText(text, section, (k) => k === key)))
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
  for (const [k, v] of Object.entries(options)) if (v !== undefined && v !== null) values[k] = v as string | number | string[]
  return setInConfig(loadConfig(opts.path ?? configPath()), name, values)
}

/** Deletes a profile (`default` is emptied, as it always exists: no error when it is empty already). */
export function deleteProfile(name: string, opts: { path?: string } = {}): void {
  deleteFromConfig(loadConfig(opts.path ?? configPath()), name)
}

