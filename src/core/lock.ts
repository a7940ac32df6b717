// A lock file shared by pcluster processes of one user (O_EXCL create). A lock left by a dead process on
// this host, or older than STALE_MS from any host, is broken.
import { hostname } from 'node:os'
import { open, readFile, stat, unlink } from 'node:fs/promises'
import { constants } from 'node:fs'
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

async function isStale(path: string): Promise<boolean> {
  try {
    const [text, st] = await Promise.all([readFile(path, 'utf8'), stat(path)])
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
      const fh = await open(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600)
      await fh.writeFile(`${hostname()}:${process.pid}\n`)
      await fh.close()
      break
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      if (await isStale(path)) {
        await unlink(path).catch(() => undefined)
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
    await unlink(path).catch(() => undefined)
  }
}
