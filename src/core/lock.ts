// A lock file shared by pcluster processes of one user (O_EXCL create), holding a token: host, pid and a
// random part. The holder refreshes its mtime; a lock is broken only when its process is gone (same host) or,
// from another host, when it has not been refreshed for STALE_MS. Only the holder's own token is removed.
import { randomBytes } from 'node:crypto'
import { closeSync, constants, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeSync } from 'node:fs'
import { hostname } from 'node:os'
import { PclusterError } from './errors.js'

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
  if (host === hostname() && Number(pid) > 0) return alive(Number(pid)) ? undefined : token
  try {
    return Date.now() - statSync(path).mtimeMs > STALE_MS ? token : undefined
  } catch {
    return undefined
  }
}

/** Breaks a stale lock without ever removing a fresh one that replaced it meanwhile. */
function breakLock(path: string, token: string): void {
  const aside = `${path}.broken.${process.pid}.${randomBytes(4).toString('hex')}`
  try {
    renameSync(path, aside)
  } catch {
    return // gone already
  }
  if (read(aside) !== token) {
    try { linkSync(aside, path) } catch { /* a newer lock is in place */ }
  }
  try { unlinkSync(aside) } catch { /* nothing */ }
}

/** Holds the lock while fn runs. */
export async function withLock<T>(path: string, fn: () => Promise<T>, timeoutMs = 10 * 60_000): Promise<T> {
  const token = `${hostname()}:${process.pid}:${randomBytes(6).toString('hex')}\n`
  const deadline = Date.now() + timeoutMs
  for (let pause = 5; ; pause = Math.min(pause * 2, 200)) {
    try {
      // synchronous: a few tiny operations on every submission, cheaper than thread-pool round trips
      const fd = openSync(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600)
      writeSync(fd, token)
      closeSync(fd)
      break
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
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
