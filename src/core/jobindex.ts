// A per-user index of the jobs pcluster submitted (under the XDG state dir): id -> where its end record is.
// It lets `pcluster wait ID` in any folder find the job's own word on how it ended.
import { writeFileSync } from 'node:fs'
import { readFile, readdir, stat, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { qtypeScope, stateDir } from './paths.js'
import type { QType } from './options.js'

export interface IndexedJob {
  name: string
  end: string
  script: string
  submittedAt: string
}

const safeId = (id: string) => id.replace(/[^A-Za-z0-9._-]/g, '_')

export async function rememberJob(qtype: QType, id: string, job: IndexedJob): Promise<void> {
  writeFileSync(join(stateDir('jobs', qtypeScope(qtype)), `${safeId(id)}.json`), JSON.stringify(job), { mode: 0o600 })
}

export async function recallJobs(qtype: QType, ids: readonly string[]): Promise<Map<string, IndexedJob>> {
  const dir = stateDir('jobs', qtypeScope(qtype))
  const found = new Map<string, IndexedJob>()
  await Promise.all(ids.map(async (id) => {
    try {
      found.set(id, JSON.parse(await readFile(join(dir, `${safeId(id)}.json`), 'utf8')) as IndexedJob)
    } catch { /* not submitted by pcluster on this account */ }
  }))
  return found
}

export async function forgetJobs(qtype: QType, ids: readonly string[]): Promise<void> {
  const dir = stateDir('jobs', qtypeScope(qtype))
  await Promise.all(ids.map((id) => unlink(join(dir, `${safeId(id)}.json`)).catch(() => undefined)))
}

const KEEP_MS = 30 * 86400_000

/**
 * The jobs pcluster submitted since `since`, for `queue` (accounting can lag behind the queue by seconds).
 * Entries older than 30 days are pruned on the way.
 */
export async function recentJobs(qtype: QType, since: Date): Promise<Map<string, IndexedJob>> {
  const dir = stateDir('jobs', qtypeScope(qtype))
  const recent = new Map<string, IndexedJob>()
  await Promise.all((await readdir(dir)).filter((f) => f.endsWith('.json')).map(async (f) => {
    const path = join(dir, f)
    try {
      const { mtimeMs } = await stat(path)
      if (mtimeMs < Date.now() - KEEP_MS) return await unlink(path)
      if (mtimeMs < since.getTime()) return
      recent.set(f.slice(0, -'.json'.length), JSON.parse(await readFile(path, 'utf8')) as IndexedJob)
    } catch { /* removed meanwhile */ }
  }))
  return recent
}
