// Cleaning a folder: deletes exactly the files its manifest says pcluster wrote, never those of a job that is
// still pending or running (nor a file such a job also uses), never anything else.
import { lstat, unlink } from 'node:fs/promises'
import { hostname } from 'node:os'
import { resolve, sep } from 'node:path'
import { loadBackend } from '../backends/index.js'
import { forgetJobs, recallJobs } from './jobindex.js'
import { markCleaned, readManifest, type ManifestEntry } from './jobfiles.js'
import { readEndRecord } from './jobscript.js'
import type { QType } from './options.js'
import { mergeOutcome } from './outcome.js'
import { isFinal } from './states.js'

export interface CleanPlan {
  dir: string
  /** Jobs whose files go, with the files that exist now. */
  jobs: { entry: ManifestEntry; files: string[] }[]
  /** Jobs whose files stay, and why. */
  kept: { entry: ManifestEntry; why: string }[]
}

/** The end record is the last file of a manifest entry (script, out, err, end). */
const endRecordOf = (e: ManifestEntry) => e.files.find((f) => f.endsWith('.end'))

export async function planClean(dir: string, opts: { suffix?: string; qtype?: QType } = {}): Promise<CleanPlan> {
  const abs = resolve(dir)
  const entries = (await readManifest(abs)).filter(
    (e) => (!opts.suffix || e.suffix === opts.suffix) && (!opts.qtype || e.qtype === opts.qtype))
  const plan: CleanPlan = { dir: abs, jobs: [], kept: [] }
  const byQType = new Map<QType, ManifestEntry[]>()
  for (const e of entries) {
    if (e.host && e.host !== hostname()) {
      plan.kept.push({ entry: e, why: `it ran in the local queue of ${e.host}: clean there` })
      continue
    }
    byQType.set(e.qtype, [...(byQType.get(e.qtype) ?? []), e])
  }
  const going: { entry: ManifestEntry; mine: boolean }[] = []
  for (const [qtype, list] of byQType) {
    const ids = list.map((e) => e.id)
    let sched
    try {
      sched = await (await loadBackend(qtype)).status(ids)
    } catch (e) {
      for (const entry of list) plan.kept.push({ entry, why: `cannot ask ${qtype} whether it still runs: ${(e as Error).message}` })
      continue
    }
    const index = await recallJobs(qtype, ids)
    for (const entry of list) {
      const end = endRecordOf(entry)
      const state = mergeOutcome(entry.id, sched.get(entry.id), end ? await readEndRecord(end) : undefined).state
      if (!isFinal(state)) plan.kept.push({ entry, why: `job ${entry.id} is ${state}` })
      else if (state === 'unknown') plan.kept.push({ entry, why: `${qtype} has no record of job ${entry.id} and it left no end record` })
      else going.push({ entry, mine: index.has(entry.id) })
    }
  }
  // a file that a job still in use also lists (a shared --outfile) stays with it
  const inUse = new Set(plan.kept.flatMap((k) => k.entry.files))
  for (const { entry, mine } of going) {
    const files: string[] = []
    for (const f of entry.files) {
      if (inUse.has(f)) continue
      // outside the folder only for jobs this account submitted (a manifest copied in names nothing outside)
      if (!f.startsWith(abs + sep) && !mine) continue
      const st = await lstat(f).catch(() => undefined)
      if (st?.isFile()) files.push(f) // never a folder, and never through a link someone put there
    }
    plan.jobs.push({ entry, files })
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
