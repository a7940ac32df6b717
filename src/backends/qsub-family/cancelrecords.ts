// The jobs pcluster cancelled on Torque, PBS Pro or Grid Engine, kept in the user's state dir, one empty file per
// id (its mtime: when) in a folder per system. None of the three can tell pcluster's qdel from another kill:
// Torque's and PBS Pro's qdel sends SIGTERM, then SIGKILL after kill_delay (req_delete.c @6.1.3), and a job that
// outlives the first ends with exit_status 265, as an OOM kill does; Grid Engine's qacct says failed 100, exit
// 137 for any kill (SGE 8.1.9, notes "More facts" 3; fixture qacct-deleted-running). Some forget a deleted job at
// once (Torque 4 with keep_completed 0, PBS Pro without job history, SGE for a job deleted while waiting: fixture
// qacct-deleted-pending). core/outcome.ts reads the mark (JobStatus.cancelRequested) set from these records.
import { readdir, stat, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { stateDir } from '../../core/paths.js'

/** The systems whose cancels are kept, each in its own folder (`torque-cancelled`, ...). */
export type CancelStore = 'torque' | 'pbspro' | 'sge'

const dir = (backend: CancelStore) => stateDir(`${backend}-cancelled`)
const file = (id: string) => id.replace(/[^A-Za-z0-9.[\]_-]/g, '_')

export async function recordCancels(backend: CancelStore, ids: readonly string[]): Promise<void> {
  const d = dir(backend)
  await Promise.all(ids.map((id) => writeFile(join(d, file(id)), '')))
}

/** Takes back the records of ids the cancel did not take (written before it ran: a job may be dead before qdel returns). */
export async function retractCancels(backend: CancelStore, ids: readonly string[]): Promise<void> {
  const d = dir(backend)
  await Promise.all(ids.map((id) => unlink(join(d, file(id))).catch(() => undefined)))
}

const KEEP_MS = 30 * 86400_000

/** id -> when pcluster cancelled it (ms); records older than 30 days are pruned on the way. */
export async function ownCancels(backend: CancelStore): Promise<Map<string, number>> {
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
 * Whether a cancel recorded at `at` (ms) can be about a job submitted at `submitted` (ms; NaN: not known). A
 * record speaks only for a job submitted before it: job numbers come round again (a wrap, a server set up anew),
 * and a 30-day-old cancel of job 123 must not call today's job 123 cancelled.
 */
export function cancelApplies(at: number | undefined, submitted: number): boolean {
  return at !== undefined && !(at < submitted)
}
