// `pcluster config get|set|delete|show`: one key or section of the INI config, as the library's getOption,
// setOption and deleteOption (python-cluster's config_file functions) read and write it; every effective setting.
import { deleteOption, getOption, setOption } from '../core/configoptions.js'
import { configDefault, configSettings } from '../core/configshow.js'
import { rememberProfiles } from '../core/completioncache.js'
import { configPath, loadConfig } from '../core/config.js'
import { EXIT, type ExitCode } from './exit.js'
import { json, out, say } from './output.js'

const lines = (body: Record<string, unknown>) => Object.entries(body).map(([k, v]) => `${k} = ${String(v)}`).join('\n')

/**
 * Prints a value, a section (`key = value` lines) or the whole file; a key the file leaves unset prints its
 * built-in default (saying so on stderr); exit 1 when it is not there and has none.
 */
export async function get(section: string | undefined, key: string | undefined, flags: Record<string, unknown>): Promise<ExitCode> {
  let value = getOption(section, key)
  const fallback = value === undefined && section !== undefined && key !== undefined ? configDefault(section, key) : undefined
  if (fallback !== undefined) {
    say(`pcluster: [${section}] ${key} is not set in ${configPath()}: this is the built-in default`)
    value = fallback
  }
  if (value === undefined) {
    say(`pcluster: ${section}${key ? `.${key}` : ''} is not set in ${configPath()}`)
    return EXIT.failed
  }
  if (flags.json) json(value)
  else if (typeof value !== 'object' || value === null) out(String(value))
  else if (section !== undefined) out(lines(value as Record<string, unknown>))
  else out(Object.entries(value as Record<string, Record<string, unknown>>).map(([s, body]) => `[${s}]\n${lines(body)}`).join('\n\n'))
  return EXIT.ok
}

/**
 * Every effective setting, `section.key=value` as `git config --list` prints them; with --origin each after
 * where it comes from (`file:PATH:LINE`, or `(default)` for a built-in default), tab-separated.
 */
export async function show(flags: Record<string, unknown>): Promise<void> {
  const config = loadConfig()
  const settings = configSettings(config)
  if (flags.json) return json({ schemaVersion: 1, file: config.readFrom, settings })
  const origin = (s: (typeof settings)[number]) => (s.file === null ? '(default)' : `file:${s.file}${s.line ? `:${s.line}` : ''}`)
  if (settings.length) out(settings.map((s) => `${flags.origin ? `${origin(s)}\t` : ''}${s.section}.${s.key}=${s.value}`).join('\n'))
}

export async function set(section: string, key: string, value: string): Promise<void> {
  setOption(section, key, value)
  profilesChanged(section)
  say(`[${section}] ${key} = ${value} saved in ${configPath()}`)
}

export async function remove(section: string, key: string | undefined): Promise<void> {
  deleteOption(section, key)
  profilesChanged(section)
}

/** A [prof_NAME] section set or deleted: completion's list of profiles is written anew. */
function profilesChanged(section: string): void {
  if (section.startsWith('prof_')) rememberProfiles(Object.keys(loadConfig().profiles))
}
