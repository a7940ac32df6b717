// The local queue's own config section, [local]: the cores and memory it owns, how long it idles, and whether
// a job larger than it is refused (strict) or trimmed to fit, and how long ended jobs are kept.
import { configSection, MAX_KEEP_DAYS, MAX_SECONDS_SETTING, readSize, readWholeNumber, type Config, type ConfigSection } from '../../core/config.js'
import { FileError } from '../../core/errors.js'
import { info } from './info.js'

/** The keys read here: those `config set local KEY` accepts. */
type Key = (typeof info.configKeys)[number]

export interface LocalSettings {
  /** Cores the queue owns; undefined: all of the machine's. */
  cores?: number
  /** MB the queue owns; undefined: all of the machine's. */
  mem?: number
  /** Seconds with nothing to do before the daemon leaves. */
  idleSeconds: number
  /** Refuse a job asking for more cores or memory than the queue owns; by default it is trimmed to fit. */
  strict: boolean
  /** Days an ended job is kept in the queue's store (Slurm's MinJobAge); 0: kept forever. */
  keepDays: number
}

export const DEFAULT_KEEP_DAYS = Number(info.configDefaults.keep_days)

/** A yes/no setting; the INI reader hands `true`/`false` over as booleans already. */
function readFlag(sec: ConfigSection, key: string): boolean {
  const v = sec.values?.[key]
  if (v === undefined || v === false || v === true) return v === true
  const s = String(v).trim().toLowerCase()
  if (['true', 'yes', 'on', '1'].includes(s)) return true
  if (['false', 'no', 'off', '0', ''].includes(s)) return false
  throw new FileError('BAD_CONFIG', `${sec.where}: [${sec.name}] ${key} must be true or false, not ${JSON.stringify(v)}`, { path: sec.where, exitCode: 2 })
}

export function localSettings(config: Config): LocalSettings {
  const sec = configSection(config, 'local')
  // python-cluster kept the local queue's size as `threads` in the default profile
  const cores = readWholeNumber(sec, ['cores', 'threads'] satisfies Key[], 0) || Number(config.profiles.default?.threads) || undefined
  const mem = readSize(sec, 'mem' satisfies Key)
  return { ...(cores ? { cores } : {}), ...(mem ? { mem } : {}), idleSeconds: readWholeNumber(sec, ['idle'] satisfies Key[], Number(info.configDefaults.idle), MAX_SECONDS_SETTING),
    strict: readFlag(sec, 'strict' satisfies Key), keepDays: readWholeNumber(sec, ['keep_days'] satisfies Key[], DEFAULT_KEEP_DAYS, MAX_KEEP_DAYS) }
}
