// Where the local queue keeps its files: one folder per user and host under the XDG state dir, 0700.
import { hostname } from 'node:os'
import { join } from 'node:path'
import { stateDir } from '../../core/paths.js'

export interface LocalPaths {
  dir: string
  socket: string
  store: string
  lock: string
  log: string
  /** The last id handed out, outside the store (src/service/id-mark.ts). */
  idMark: string
  /** The running daemon's pid, for what a client says of one that does not answer. */
  pid: string
}

export function localPaths(): LocalPaths {
  const dir = stateDir('local', hostname())
  return { dir, socket: join(dir, 'daemon.sock'), store: join(dir, 'store.db'), lock: join(dir, 'daemon.lock'), log: join(dir, 'daemon.log'), idMark: join(dir, 'last-id'), pid: join(dir, 'daemon.pid') }
}
