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
 * The name under which per-user files of a backend are kept. A backend whose ids are per host (each host's
 * local queue has its own) keeps them per host too, since home folders are shared between hosts.
 */
export function backendScope(backend: { name: string; idsPerHost: boolean }): string {
  return backend.idsPerHost ? `${backend.name}-${hostname()}` : backend.name
}
