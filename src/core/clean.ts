// Cleaning a folder: deletes exactly the files its manifest says pcluster wrote, never those of a job that is
// still pending or running (nor a file such a job also uses), never anything else.
import { lstat, unlink } from 'node:fs/promises'
import { hostname } from 'node:os'
import { resolve, sep } from 'node:path'
import type { Backend } from '../backends/types.js'
import { forgetJobs, recallJobs } from './ledger.js'
import { markCleaned, readManifest, type ManifestEntry } from './jobfiles.js'
import { readEndRecord } from './jobscript.js'
import { mergeOutcome } from './outcome.js'
import { backends } from './resolver.js'
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

/** A job's outputs named by the user (not pcluster's NAME.SUFFIX.out/.err): they may have existed before it. */
function userNamed(entry: ManifestEntry, file: string): boolean {
  const stem = entry.files[0]!.replace(/\.[^./]+$/, '')
  return file !== entry.files[0] && file !== `${stem}.out` && file !== `${stem}.err` && file !== `${stem}.end`
}

export async function planClean(dir: string, opts: { suffix?: string; qtype?: string } = {}): Promise<CleanPlan> {
  const abs = resolve(dir)
  const all = await readManifest(abs)
  const chosen = new Set(all.filter((e) => (!opts.suffix || e.suffix === opts.suffix) && (!opts.qtype || e.qtype === opts.qtype)))
  const plan: CleanPlan = { dir: abs, jobs: [], kept: [] }
  const live: ManifestEntry[] = [] // every job still in use, chosen or not: the files it lists stay
  const byQType = new Map<string, ManifestEntry[]>()
  for (const e of all) {
    if (e.host && e.host !== hostname()) {
      live.push(e)
      if (chosen.has(e)) plan.kept.push({ entry: e, why: `it ran in the local queue of ${e.host}: clean there` })
      continue
    }
    byQType.set(e.qtype, [...(byQType.get(e.qtype) ?? []), e])
  }
  const going: { entry: ManifestEntry; mine: boolean; ran: boolean }[] = []
  for (const [qtype, list] of byQType) {
    const ids = list.map((e) => e.id)
    // accounting is asked back to an hour before the oldest of these jobs was written
    const since = new Date(Math.min(...list.map((e) => Date.parse(e.at)).filter(Number.isFinite), Date.now()) - 3600_000)
    let sched
    let backend: Backend
    try {
      backend = await backends().load(qtype)
      sched = await backend.status(ids, { since })
    } catch (e) {
      for (const entry of list) {
        live.push(entry)
        if (chosen.has(entry)) plan.kept.push({ entry, why: `cannot ask ${qtype} whether it still runs: ${(e as Error).message}` })
      }
      continue
    }
    const index = await recallJobs(backend, ids)
    for (const entry of list) {
      const end = endRecordOf(entry)
      const record = end ? await readEndRecord(end) : undefined
      const status = mergeOutcome(entry.id, sched.get(entry.id), record)
      const keep = !isFinal(status.state) ? `job ${entry.id} is ${status.state}`
        : status.state === 'unknown' ? `${qtype} has no record of job ${entry.id} and it left no end record` : undefined
      if (keep) {
        live.push(entry)
        if (chosen.has(entry)) plan.kept.push({ entry, why: keep })
      } else if (chosen.has(entry)) going.push({ entry, mine: index.has(entry.id), ran: !!record || !!status.startedAt })
    }
  }
  const inUse = new Set(live.flatMap((e) => e.files))
  for (const { entry, mine, ran } of going) {
    const files: string[] = []
    for (const f of entry.files) {
      if (inUse.has(f)) continue // a shared --outfile of a job still running stays with it
      if (!ran && userNamed(entry, f)) continue // a job that never ran wrote nothing there: it may be the user's
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
  const byQType = new Map<string, string[]>()
  for (const e of done) byQType.set(e.qtype, [...(byQType.get(e.qtype) ?? []), e.id])
  for (const [qtype, ids] of byQType) await forgetJobs(await backends().load(qtype), ids)
  return { deleted, failed }
}
