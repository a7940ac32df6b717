// The jobs pcluster cancelled on Torque or PBS Pro, kept in the user's state dir, one empty file per id (its
// mtime: when). The server cannot tell pcluster's qdel from another kill: qdel sends SIGTERM, then SIGKILL after
// kill_delay (req_delete.c @6.1.3), and a job that outlives the first ends with exit_status 265, as an OOM kill
// does; Torque 4 (keep_completed 0) and PBS Pro without job history forget a deleted job at once. core/outcome.ts
// reads the mark (JobStatus.cancelRequested) set from these records.
import { readdir, stat, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { stateDir } from '../../core/paths.js'
import { blankStatus } from '../../core/outcome.js'
import type { JobStatus } from '../../core/states.js'
import { sameJob } from './ids.js'
import { isoTime } from './jobstatus.js'
import type { JobRecord } from './records.js'

type Name = 'torque' | 'pbspro'
const dir = (backend: Name) => stateDir(`${backend}-cancelled`)
const file = (id: string) => id.replace(/[^A-Za-z0-9.[\]_-]/g, '_')

/** Written before qdel runs (a job may be dead before qdel returns), taken back for the ids qdel did not take. */
export async function recordCancels(backend: Name, ids: readonly string[]): Promise<void> {
  await Promise.all(ids.map((id) => writeFile(join(dir(backend), file(id)), '')))
}

export async function retractCancels(backend: Name, ids: readonly string[]): Promise<void> {
  await Promise.all(ids.map((id) => unlink(join(dir(backend), file(id))).catch(() => undefined)))
}

const KEEP_MS = 30 * 86400_000

/** id -> when pcluster cancelled it (ms); records older than 30 days are pruned on the way. */
export async function ownCancels(backend: Name): Promise<Map<string, number>> {
  const d = dir(backend)
  const out = new Map<string, number>()
  let names: string[] = []
  try {
    names = await readdir(d)
  } catch { /* none yet */ }
  await Promise.all(names.map(async (name) => {
    try {
      const { mtimeMs } = await stat(join(d, name))
      if (mtimeMs < Date.now() - KEEP_MS) await unlink(join(d, name))
      else out.set(name, mtimeMs)
    } catch { /* removed meanwhile */ }
  }))
  return out
}

/**
 * When pcluster cancelled the job `id`, submitted at `submitted` (ms; NaN when not known): a record speaks only
 * for a job submitted before it, since job numbers come round again (a wrap, a server set up anew).
 */
export function cancelledAt(cancels: Map<string, number>, id: string, submitted: number): number | undefined {
  for (const [name, at] of cancels) if (sameJob(name, id) && !(at < submitted)) return at
  return undefined
}

/** Marks, in place, the statuses of the records (same order) of jobs pcluster cancelled. */
export function markOwnCancels(records: readonly JobRecord[], statuses: JobStatus[], cancels: Map<string, number>): JobStatus[] {
  if (!cancels.size) return statuses
  statuses.forEach((s, i) => {
    const submitted = Date.parse(isoTime(records[i]?.ctime ?? records[i]?.qtime) ?? '')
    if (cancelledAt(cancels, s.id, submitted) !== undefined) s.cancelRequested = true
  })
  return statuses
}

/** For asked ids the server no longer shows: a word for those pcluster cancelled (after `since`, when known). */
export function forgottenCancels(ids: readonly string[], shown: ReadonlyMap<string, JobStatus>, cancels: Map<string, number>,
  since?: Date): Map<string, JobStatus> {
  const out = new Map<string, JobStatus>()
  for (const id of ids) {
    if (shown.has(id) || cancelledAt(cancels, id, since?.getTime() ?? NaN) === undefined) continue
    out.set(id, { ...blankStatus(id), rawState: 'deleted', reason: 'the server keeps no record of it', cancelRequested: true })
  }
  return out
}
