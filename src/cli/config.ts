// `pcluster config get|set|delete`: one key or section of the INI config, as the library's getOption,
// setOption and deleteOption (python-cluster's config_file functions) read and write it.
import { deleteOption, getOption, setOption } from '../core/configoptions.js'
import { rememberProfiles } from '../core/completioncache.js'
import { configPath, loadConfig } from '../core/config.js'
import { EXIT, type ExitCode } from './exit.js'
import { json, out, say } from './output.js'

const lines = (body: Record<string, unknown>) => Object.entries(body).map(([k, v]) => `${k} = ${String(v)}`).join('\n')

/** Prints a value, a section (`key = value` lines) or the whole file; exit 1 when it is not there. */
export async function get(section: string | undefined, key: string | undefined, flags: Record<string, unknown>): Promise<ExitCode> {
  const value = getOption(section, key)
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
