// Where pcluster keeps its per-user state (XDG state directory), created private to the user.
import { mkdirSync } from 'node:fs'
import { homedir, hostname } from 'node:os'
import { join } from 'node:path'

/** `$XDG_STATE_HOME/pcluster` (default `~/.local/state/pcluster`), created 0700 on first use. */
export function stateDir(...sub: string[]): string {
  const base = process.env.XDG_STATE_HOME || join(homedir(), '.local', 'state')
  const dir = join(base, 'pcluster', ...sub)
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  return dir
}

/**
 * The name under which per-user files of a backend are kept. Local queue ids are per host (each host has its
 * own daemon), so with a home folder shared between hosts its files are kept per host too.
 */
export function qtypeScope(qtype: string): string {
  return qtype === 'local' ? `local-${hostname()}` : qtype
}
