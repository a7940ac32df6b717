// The jobs pcluster cancelled on Grid Engine, kept in the user's state dir: qacct cannot tell a qdel from any
// other kill (failed 100, exit_status 137), and a job deleted while waiting leaves no record at all (SGE 8.1.9,
// notes "More facts" 3; fixtures qacct-deleted-running, qacct-deleted-pending). One empty file per id.
import { readdir, stat, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { stateDir } from '../../core/paths.js'

const dir = () => stateDir('sge-cancelled')

export async function recordCancelled(ids: readonly string[]): Promise<void> {
  const d = dir()
  await Promise.all(ids.map((id) => writeFile(join(d, id.replace(/[^0-9.]/g, '_')), '')))
}

/**
 * The ids pcluster cancelled (a job number stands for all its tasks), with when (ms). A record speaks only for
 * a job submitted before it: job numbers come round again (a wrap, a cell set up anew), and a 30-day-old
 * cancel of job 123 must not call today's job 123 cancelled.
 */
export async function cancelledByUs(): Promise<Map<string, number>> {
  const d = dir()
  const out = new Map<string, number>()
  try {
    await Promise.all((await readdir(d)).map(async (id) => {
      try {
        out.set(id, (await stat(join(d, id))).mtimeMs)
      } catch { /* removed meanwhile */ }
    }))
  } catch { /* none yet */ }
  return out
}

/** Whether a cancel recorded at `at` (ms) can be about a job submitted at `submitted` (ms; NaN: not known). */
export function cancelApplies(at: number | undefined, submitted: number): boolean {
  return at !== undefined && !(at < submitted)
}

const KEEP_MS = 30 * 86400_000

/** The ids pcluster cancelled since then (for `pcluster queue`); records older than 30 days are pruned on the way. */
export async function cancelledSince(since: Date): Promise<string[]> {
  const d = dir()
  const ids: string[] = []
  await Promise.all((await readdir(d)).map(async (id) => {
    try {
      const { mtimeMs } = await stat(join(d, id))
      if (mtimeMs < Date.now() - KEEP_MS) await unlink(join(d, id))
      else if (mtimeMs >= since.getTime()) ids.push(id)
    } catch { /* removed meanwhile */ }
  }))
  return ids
}
