// The local queue's own config section, [local]: the cores and memory it owns, and how long it idles.
import { configSection, readSize, readWholeNumber, type Config } from '../../core/config.js'

export interface LocalSettings {
  /** Cores the queue owns; undefined: all of the machine's. */
  cores?: number
  /** MB the queue owns; undefined: all of the machine's. */
  mem?: number
  /** Seconds with nothing to do before the daemon leaves. */
  idleSeconds: number
}

export function localSettings(config: Config): LocalSettings {
  const sec = configSection(config, 'local')
  // python-cluster kept the local queue's size as `threads` in the default profile
  const cores = readWholeNumber(sec, ['cores', 'threads'], 0) || Number(config.profiles.default?.threads) || undefined
  const mem = readSize(sec, 'mem')
  return { ...(cores ? { cores } : {}), ...(mem ? { mem } : {}), idleSeconds: readWholeNumber(sec, ['idle'], 60) }
}
