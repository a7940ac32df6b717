// The words shell completion offers that change as pcluster is used: profile names and the user's recent job
// ids, kept as small files of one word a line under the state folder, so that a Tab reads a file and never
// starts Node. The completion scripts (cli/completion/) read them at `$XDG_STATE_HOME/pcluster/completion/`.
// Completion is a convenience: a file that cannot be written is left as it was, never an error.
import { appendFileSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { stateDir } from './paths.js'

/** The recent job ids kept for completion: the file is cut back to these when it has grown by half as many again. */
export const KEPT_IDS = 200

/** The folder the files are in, and the file of each kind of word. */
export const completionFile = (kind: 'profiles' | 'ids') => join(stateDir('completion'), kind)

/** Rewrites the profile names (after a profile or [prof_*] section was set or deleted, or profiles listed). */
export function rememberProfiles(names: readonly string[]): void {
  try {
    const path = completionFile('profiles')
    const tmp = `${path}.${process.pid}.tmp`
    writeFileSync(tmp, [...names].sort().map((n) => `${n}\n`).join(''), { mode: 0o600 })
    renameSync(tmp, path)
  } catch { /* completion offers the names it had */ }
}

/** Appends a submitted job's id; past KEPT_IDS and a half lines the file keeps its last KEPT_IDS. */
export function rememberJobId(id: string): void {
  try {
    const path = completionFile('ids')
    appendFileSync(path, `${id}\n`, { mode: 0o600 })
    // a few kB at most: reading it back costs microseconds, and counts lines whatever the ids' length
    const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean)
    if (lines.length <= KEPT_IDS * 1.5) return
    const tmp = `${path}.${process.pid}.tmp`
    writeFileSync(tmp, lines.slice(-KEPT_IDS).map((l) => `${l}\n`).join(''), { mode: 0o600 })
    renameSync(tmp, path)
  } catch { /* completion offers the ids it had */ }
}
