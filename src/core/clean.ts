// Cleaning a folder: deletes exactly the files its manifest says pcluster wrote, never those of a job that is
// still pending or running, and never anything else.
import { lstat, unlink } from 'node:fs/promises'
import { resolve } from 'node:path'
import { loadBackend } from '../backends/index.js'
import { forgetJobs } from './jobindex.js'
import { markCleaned, readManifest, type ManifestEntry } from './jobfiles.js'
import type { QType } from './options.js'
import { Queue } from './queue.js'
import { isFinal, type JobState } from './states.js'

export interface CleanPlan {
  dir: string
  /** Jobs whose files go, with the files that exist now. */
  jobs: { entry: ManifestEntry; files: string[] }[]
  /** Jobs whose files stay, and why. */
  kept: { entry: ManifestEntry; why: string }[]
}

export async function planClean(dir: string, opts: { suffix?: string; qtype?: QType } = {}): Promise<CleanPlan> {
  const abs = resolve(dir)
  const entries = (await readManifest(abs)).filter(
    (e) => (!opts.suffix || e.suffix === opts.suffix) && (!opts.qtype || e.qtype === opts.qtype))
  const plan: CleanPlan = { dir: abs, jobs: [], kept: [] }
  const byQType = new Map<QType, ManifestEntry[]>()
  for (const e of entries) byQType.set(e.qtype, [...(byQType.get(e.qtype) ?? []), e])
  for (const [qtype, list] of byQType) {
    let states: Map<string, { state: JobState }>
    try {
      states = await new Queue(await loadBackend(qtype)).statuses(list.map((e) => e.id))
    } catch (e) {
      for (const entry of list) plan.kept.push({ entry, why: `cannot ask ${qtype} whether it still runs: ${(e as Error).message}` })
      continue
    }
    for (const entry of list) {
      const state = states.get(entry.id)?.state ?? 'unknown'
      if (!isFinal(state)) {
        plan.kept.push({ entry, why: `job ${entry.id} is ${state}` })
        continue
      }
      const files: string[] = []
      for (const f of entry.files) {
        const st = await lstat(f).catch(() => undefined)
        if (st?.isFile()) files.push(f) // never a folder, and never through a link someone put there
      }
      plan.jobs.push({ entry, files })
    }
  }
  return plan
}

/** Deletes what the plan lists; returns the files deleted and those that could not be. */
export async function runClean(plan: CleanPlan): Promise<{ deleted: string[]; failed: { file: string; why: string }[] }> {
  const deleted: string[] = []
  const failed: { file: string; why: string }[] = []
  const done: ManifestEntry[] = []
  for (const { entry, files } of plan.jobs) {
    let ok = true
    for (const f of files) {
      try {
        await unlink(f)
        deleted.push(f)
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue
        ok = false
        failed.push({ file: f, why: (e as Error).message })
      }
    }
    if (ok) done.push(entry)
  }
  await markCleaned(plan.dir, done)
  const byQType = new Map<QType, string[]>()
  for (const e of done) byQType.set(e.qtype, [...(byQType.get(e.qtype) ?? []), e.id])
  for (const [qtype, ids] of byQType) await forgetJobs(qtype, ids)
  return { deleted, failed }
}
