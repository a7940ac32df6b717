// `pcluster local stop` sticks: a marker in the queue's folder says it was stopped on purpose, so that no
// command but a submit or `local start` brings the daemon back (queued jobs would otherwise start behind
// the user's back).
import { existsSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PclusterError } from '../../core/errors.js'
import type { LocalPaths } from './paths.js'

const marker = (paths: LocalPaths) => join(paths.dir, 'stopped')

export function isStopped(paths: LocalPaths): boolean {
  return existsSync(marker(paths))
}

export function markStopped(paths: LocalPaths): void {
  writeFileSync(marker(paths), `stopped by pcluster local stop at ${new Date().toISOString()}\n`, { mode: 0o600 })
}

export function clearStopped(paths: LocalPaths): void {
  rmSync(marker(paths), { force: true })
}

/** What a command that would need the daemon hears while it is stopped. */
export function stoppedError(): PclusterError {
  return new PclusterError('LOCAL_STOPPED', 'the local queue is stopped (pcluster local stop): its queued jobs wait, nothing new starts', {
    hint: 'pcluster local start starts it again (so does a submit)', final: true,
  })
}
