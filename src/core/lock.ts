// A lock file shared by pcluster processes of one user (O_EXCL create). A lock left by a dead process on
// this host, or older than STALE_MS from any host, is broken.
import { hostname } from 'node:os'
import { closeSync, constants, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs'
import { PclusterError } from './errors.js'

const STALE_MS = 120_000

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function isStale(path: string): boolean {
  try {
    const text = readFileSync(path, 'utf8')
    const st = statSync(path)
    const [host, pid] = text.trim().split(':')
    if (host === hostname() && Number(pid) > 0 && !alive(Number(pid))) return true
    return Date.now() - st.mtimeMs > STALE_MS
  } catch {
    return false // gone already, or being written: try again
  }
}

/** Holds the lock while fn runs. */
export async function withLock<T>(path: string, fn: () => Promise<T>, timeoutMs = 10 * 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (let pause = 5; ; pause = Math.min(pause * 2, 200)) {
    try {
      // synchronous: a few tiny operations on every submission, cheaper than thread-pool round trips
      const fd = openSync(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600)
      writeSync(fd, `${hostname()}:${process.pid}\n`)
      closeSync(fd)
      break
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      if (isStale(path)) {
        try { unlinkSync(path) } catch { /* someone else broke it first */ }
        continue
      }
      if (Date.now() > deadline)
        throw new PclusterError('LOCK_TIMEOUT', `waited ${timeoutMs / 1000} s for the lock ${path}`, {
          hint: 'another pcluster process holds it; remove the file if no pcluster is running',
        })
      await new Promise((r) => setTimeout(r, pause))
    }
  }
  try {
    return await fn()
  } finally {
    try { unlinkSync(path) } catch { /* broken as stale meanwhile */ }
  }
}
