// `pcluster profile list|show|set|delete`: option profiles in the INI config.
import { rememberProfiles } from '../core/completioncache.js'
import { deleteProfile, getProfile, loadConfig, setProfile, type Config } from '../core/config.js'
import { UsageError } from '../core/errors.js'
import { rawJobOptions } from './jobflags.js'
import { json, out, say, warn } from './output.js'

const show1 = (values: Record<string, unknown>) =>
  Object.entries(values).map(([k, v]) => `${k} = ${Array.isArray(v) ? v.join(',') : String(v)}`).join('\n')

/** What in the file a submit would refuse, said where profiles are looked at (it does not stop a listing). */
function warnProblems(config: Config, profile?: string): void {
  for (const p of config.problems ?? [])
    if (profile === undefined || p.profile === undefined || p.profile === profile) warn(`pcluster: warning: ${p.message} (${p.hint})`)
}

export async function list(flags: Record<string, unknown>): Promise<void> {
  const config = loadConfig()
  warnProblems(config)
  rememberProfiles(Object.keys(config.profiles)) // a file edited by hand is seen by completion from here on
  if (flags.json) return json(config.profiles)
  for (const [name, values] of Object.entries(config.profiles).sort(([a], [b]) => a.localeCompare(b)))
    out(`${name}${Object.keys(values).length ? `: ${Object.entries(values).map(([k, v]) => `${k}=${v}`).join(' ')}` : ''}`)
}

export async function show(name: string, flags: Record<string, unknown>): Promise<void> {
  const config = loadConfig()
  const prof = getProfile(config, name)
  warnProblems(config, name)
  if (flags.json) return json(prof)
  out(`[prof_${name}]${Object.keys(prof).length ? `\n${show1(prof)}` : ''}`)
}

export async function set(name: string, flags: Record<string, unknown>): Promise<void> {
  const values = rawJobOptions(flags)
  if (!Object.keys(values).length)
    throw new UsageError('NOTHING_TO_SET', 'no options given', { hint: `e.g. pcluster profile set ${name} --cores 4 --mem 8G` })
  const config = loadConfig()
  const prof = setProfile(config, name, values)
  rememberProfiles(Object.keys(config.profiles))
  say(`profile '${name}' saved in ${config.path}`)
  out(`[prof_${name}]\n${show1(prof)}`)
}

export async function remove(name: string): Promise<void> {
  const config = loadConfig()
  deleteProfile(config, name)
  rememberProfiles(Object.keys(config.profiles))
  say(name === 'default' ? `profile 'default' emptied in ${config.path}` : `profile '${name}' deleted from ${config.path}`)
}
