// Where pcluster keeps its per-user state (XDG state directory), created private to the user.
import { mkdirSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

/** `$XDG_STATE_HOME/pcluster` (default `~/.local/state/pcluster`), created 0700 on first use. */
export function stateDir(...sub: string[]): string {
  const base = process.env.XDG_STATE_HOME || join(homedir(), '.local', 'state')
  const dir = join(base, 'pcluster', ...sub)
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  return dir
}
