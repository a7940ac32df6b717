// Cleaning a folder: deletes exactly the files its manifest says pcluster wrote, never those of a job that is
// still pending or running (nor a file such a job also uses), never anything else.
import { lstat, realpath, stat, unlink } from 'node:fs/promises'
import { hostname } from 'node:os'
import { dirname, resolve, sep } from 'node:path'
import type { Backend } from '../backends/types.js'
import { UsageError } from './errors.js'
import { markJobsCleaned } from './ledger.js'
import { functionFiles } from './functionjob.js'
import { markCleaned, readManifest, type ManifestEntry } from './jobfiles.js'
import { readEndRecord } from './jobscript.js'
import { mergeOutcome } from './outcome.js'
import { backends } from './resolver.js'
import { isFinal, type JobStatus } from './states.js'

export interface CleanPlan {
  dir: string
  /** Jobs whose files go, with the files that exist now. */
  jobs: { entry: ManifestEntry; files: string[] }[]
  /** Jobs whose files stay, and why. */
  kept: { entry: ManifestEntry; why: string }[]
  /** Outputs the user named (--outfile/--errfile) of jobs that go: results, kept unless asked. */
  keptOutputs: string[]
}

/** The end record is the last file of a manifest entry (script, out, err, end). */
const endRecordOf = (e: ManifestEntry) => e.files.find((f) => f.endsWith('.end'))

/** A job's outputs named by the user (not pcluster's NAME.SUFFIX.out/.err): they may have existed before it. */
function userNamed(entry: ManifestEntry, file: string): boolean {
  const stem = entry.files[0]!.replace(/\.[^./]+$/, '')
  return file !== entry.files[0] && file !== `${stem}.out` && file !== `${stem}.err` && file !== `${stem}.end`
}

/**
 * Why a job's files must stay, or undefined when they may go: it is live, still queued (never runnable), or its
 * end is unknown (it may yet write there). The one rule for `clean` and the library's `Job.clean()`.
 */
export function keepFilesBecause(status: JobStatus, backend: string): string | undefined {
  if (!isFinal(status.state)) return `job ${status.id} is ${status.state}`
  if (status.state === 'never_runnable') return `job ${status.id} is still queued, though it will never run as submitted (cancel it first)`
  if (status.state === 'unknown') return `${backend} has no record of job ${status.id} and it left no end record`
  return undefined
}

/** A regular file (never a folder, and never through a link someone put there). */
const isFile = async (f: string) => (await lstat(f).catch(() => undefined))?.isFile() ?? false

/**
 * What `clean DIR` would delete: the files the manifest in DIR lists for jobs that have ended, inside DIR only;
 * outputs the user named (--outfile/--errfile) only with `outputs`.
 */
export async function planClean(dir: string, opts: { suffix?: string; qtype?: string; outputs?: boolean } = {}): Promise<CleanPlan> {
  const abs = resolve(dir)
  if (!(await stat(abs).catch(() => undefined))?.isDirectory())
    throw new UsageError('NO_SUCH_DIR', `${abs}: no such folder`, { hint: 'clean takes the folder the job files were written to (filedir)' })
  const all = await readManifest(abs)
  const chosen = new Set(all.filter((e) => (!opts.suffix || e.suffix === opts.suffix) && (!opts.qtype || e.qtype === opts.qtype)))
  const plan: CleanPlan = { dir: abs, jobs: [], kept: [], keptOutputs: [] }
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
  const going: { entry: ManifestEntry; ran: boolean }[] = []
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
    for (const entry of list) {
      const end = endRecordOf(entry)
      const record = end ? await readEndRecord(end) : undefined
      const status = mergeOutcome(entry.id, sched.get(entry.id), record)
      const keep = keepFilesBecause(status, qtype)
      if (keep) {
        live.push(entry)
        if (chosen.has(entry)) plan.kept.push({ entry, why: keep })
      } else if (chosen.has(entry)) going.push({ entry, ran: !!record || !!status.startedAt })
    }
  }
  const inUse = new Set(live.flatMap((e) => e.files))
  const real = await realpath(abs)
  // inside DIR for real: a folder on the way that has become a link to elsewhere does not take clean there
  const inside = async (f: string) => f.startsWith(abs + sep) && (await realpath(dirname(f)).catch(() => '') + sep).startsWith(real + sep)
  for (const { entry, ran } of going) {
    const files: string[] = []
    const end = endRecordOf(entry)
    // a function job's argument and result files sit beside its end record (functionjob.ts), pcluster's own
    const own = new Set(end ? Object.values(functionFiles(end)) : [])
    for (const f of new Set([...entry.files, ...own])) { // stdout and stderr may be one file
      if (inUse.has(f)) continue // a shared --outfile of a job still running stays with it
      if (!(await inside(f))) continue // clean DIR never reaches outside DIR, whatever a manifest says
      if (!own.has(f) && userNamed(entry, f)) {
        // --outfile/--errfile name results, kept unless asked (python-cluster's delete_outputs=False); a job
        // that never ran wrote nothing there, so even then the file is the user's own
        if (!opts.outputs || !ran) {
          if (await isFile(f)) plan.keptOutputs.push(f)
          continue
        }
      }
      if (await isFile(f)) files.push(f)
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
  for (const [qtype, ids] of byQType) await markJobsCleaned(await backends().load(qtype), ids)
  return { deleted, failed }
}
