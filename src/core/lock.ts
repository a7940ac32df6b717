// A lock file shared by pcluster processes of one user (O_EXCL create), holding a token: host, pid and a
// time-and-random part (not node:crypto, whose loading costs a few ms of every start: the token only has to
// differ from one a dead holder of the same pid left). The holder refreshes its mtime; a lock is broken when
// its process is gone (same host) or when it has not been refreshed for STALE_MS. Only the holder's own token
// is ever removed.
import { closeSync, constants, openSync, readFileSync, statSync, unlinkSync, utimesSync, writeSync } from 'node:fs'
import { hostname } from 'node:os'
import { FileError, PclusterError } from './errors.js'

const STALE_MS = 120_000
const REFRESH_MS = 20_000

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}

/** The token in the lock file, when its holder is surely gone. */
function staleToken(path: string): string | undefined {
  const token = read(path)
  if (token === undefined) return undefined
  const [host, pid] = token.trim().split(':')
  let age: number
  try {
    age = Date.now() - statSync(path).mtimeMs
  } catch {
    return undefined
  }
  // a holder refreshes its lock every REFRESH_MS: one not refreshed for STALE_MS is gone, even if its pid was
  // reused since; on this host a dead pid says so at once
  if (age > STALE_MS) return token
  return host === hostname() && Number(pid) > 0 && !alive(Number(pid)) ? token : undefined
}

/**
 * Breaks a stale lock. Breakers take turns (an O_EXCL guard file, itself stale after a few seconds), and the
 * lock is removed only if it still holds the token judged stale, so a fresh lock is never lost.
 */
function breakLock(path: string, token: string): void {
  const guard = `${path}.break`
  try {
    closeSync(openSync(guard, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600))
  } catch {
    try {
      if (Date.now() - statSync(guard).mtimeMs > 5_000) unlinkSync(guard) // a breaker that died
    } catch { /* gone */ }
    return
  }
  try {
    if (read(path) === token) unlinkSync(path)
  } catch { /* gone */ } finally {
    try { unlinkSync(guard) } catch { /* nothing */ }
  }
}

/** Holds the lock while fn runs. */
export async function withLock<T>(path: string, fn: () => Promise<T>, timeoutMs = 10 * 60_000): Promise<T> {
  const token = `${hostname()}:${process.pid}:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}\n`
  const deadline = Date.now() + timeoutMs
  for (let pause = 5; ; pause = Math.min(pause * 2, 200)) {
    try {
      // synchronous: a few tiny operations on every submission, cheaper than thread-pool round trips
      const fd = openSync(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600)
      writeSync(fd, token)
      closeSync(fd)
      break
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new FileError('CANNOT_LOCK', `cannot create the lock file ${path}: ${(e as Error).message}`, {
          path, hint: 'pcluster keeps its locks under $XDG_STATE_HOME/pcluster (default ~/.local/state/pcluster): make it writable',
        })
      const stale = staleToken(path)
      if (stale !== undefined) {
        breakLock(path, stale)
        continue
      }
      if (Date.now() > deadline)
        throw new PclusterError('LOCK_TIMEOUT', `waited ${timeoutMs / 1000} s for the lock ${path}`, {
          hint: 'another pcluster process holds it; remove the file if no pcluster is running',
        })
      await new Promise((r) => setTimeout(r, pause))
    }
  }
  const refresh = setInterval(() => {
    try { utimesSync(path, new Date(), new Date()) } catch { /* checked on release */ }
  }, REFRESH_MS)
  refresh.unref()
  try {
    return await fn()
  } finally {
    clearInterval(refresh)
    if (read(path) === token) try { unlinkSync(path) } catch { /* gone */ }
  }
}
