// Every effective setting of the config, each with where it comes from (the file and line, or pcluster's
// built-in default), as `git config --list --show-origin` lists them: for `config show` and `config get`.
import { CORE_CONFIG_DEFAULTS, type Config } from './config.js'
import { keyLines } from './configtext.js'
import { DEFAULTS, findOption } from './options.js'
import { backends } from './resolver.js'

export interface ConfigSetting {
  section: string
  key: string
  value: string
  /** The file and line it was read from; null for a built-in default. */
  file: string | null
  line: number | null
}

/** Keys read as another's synonym: set under either name, the other's default does not apply. */
const SAME_AS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  queue: { max_jobs: 'max_queue_len' }, local: { threads: 'cores' },
}

/** Every section's built-in defaults: the core's, each backend's, and the job options' under [prof_default]. */
export function configDefaults(): Record<string, Readonly<Record<string, string>>> {
  const jobs = Object.fromEntries(Object.entries(DEFAULTS).map(([k, v]) => [k, String(v)]))
  return { ...CORE_CONFIG_DEFAULTS, ...backends().configDefaults, prof_default: jobs }
}

/** The built-in default of one key, or undefined when it has none (then unset means unset). */
export function configDefault(section: string, key: string): string | undefined {
  const defaults = configDefaults()[section]
  return defaults && Object.hasOwn(defaults, key) ? defaults[key] : undefined
}

/** The name a key is read under in its section (a profile's synonyms: cpus is cores; max_jobs is max_queue_len). */
function canonical(section: string, key: string): string {
  if (section.startsWith('prof_')) return findOption(key)?.name ?? key
  return SAME_AS[section]?.[key] ?? key
}

const text = (v: unknown) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v))

/**
 * The file's settings in its order (with their lines), each section followed by the defaults of its keys the
 * file leaves unset; then the sections the file does not have, all defaults.
 */
export function configSettings(config: Config): ConfigSetting[] {
  const lines = keyLines(config.text)
  const defaults = configDefaults()
  const settings: ConfigSetting[] = []
  const defaultsOf = (section: string, set: ReadonlySet<string>) => {
    for (const [key, value] of Object.entries(defaults[section] ?? {}))
      if (!set.has(key)) settings.push({ section, key, value, file: null, line: null })
  }
  for (const [section, body] of Object.entries(config.raw)) {
    if (typeof body !== 'object' || body === null) continue
    const set = new Set<string>()
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      set.add(canonical(section, key))
      settings.push({ section, key, value: text(value), file: config.readFrom, line: lines.get(section)?.get(key) ?? null })
    }
    defaultsOf(section, set)
  }
  for (const section of Object.keys(defaults)) if (!Object.hasOwn(config.raw, section)) defaultsOf(section, new Set())
  return settings
}
