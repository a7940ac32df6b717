// The local queue's scheduling decisions, pure: which pending jobs can never run (a dependency did not
// succeed, down every chain), and which can start now by cores, memory and GPUs, first come first served, smaller
// jobs backfilling around a larger one that waits for room. GPUs are handed out as specific devices.
import { neverSatisfied, parseDependency, satisfiedBy, type Dependency } from '../../core/dependencies.js'
import type { JobState } from '../../core/states.js'
import { gpuOfType } from '../../backends/local/gpus.js'
import type { Gpu } from '../protocol.js'
import type { LocalJob } from '../store.js'

export interface Capacity {
  cores: number
  /** MB */
  mem: number
  /** The GPUs the daemon owns (none when absent). */
  gpus?: readonly Gpu[]
}

/** A job to start now, and the devices it is given (none when it asked for no GPU). */
export interface Start {
  id: string
  gpuIds: string[]
}

/** The devices of `free` a job takes, or undefined when too few of its type are free. */
function pickGpus(j: LocalJob, free: readonly Gpu[]): string[] | undefined {
  if (!j.gpus) return []
  const mine = free.filter((g) => gpuOfType(g, j.gpuType)).slice(0, j.gpus)
  return mine.length === j.gpus ? mine.map((g) => g.id) : undefined
}

/** Whether a job can never fit this queue's GPUs (too many asked, or none of its type). */
const gpusNeverFit = (j: LocalJob, cap: Capacity) => j.gpus > 0 && pickGpus(j, cap.gpus ?? []) === undefined

/** The job ids and kinds a job depends on (its tokens: core/dependencies.ts; singleton was settled at submit). */
const after = (j: LocalJob) => j.depends.map(parseDependency).filter((d): d is Exclude<Dependency, { kind: 'singleton' }> => d.kind !== 'singleton')

/**
 * Pending jobs that can never run, with why, transitively. `jobs` are the pending and running ones;
 * `others` the states of ended jobs they depend on.
 */
export function neverRunnable(jobs: readonly LocalJob[], others: ReadonlyMap<string, JobState>): { id: string; blockedBy: string; reason: string }[] {
  const state = new Map(others)
  for (const j of jobs) state.set(j.id, j.state)
  const out: { id: string; blockedBy: string; reason: string }[] = []
  for (let changed = true; changed;) {
    changed = false
    for (const j of jobs) {
      if (state.get(j.id) !== 'pending') continue
      const broken = after(j).find((d) => neverSatisfied(d.kind, state.get(d.id) ?? 'unknown'))
      if (broken === undefined) continue
      const was = state.get(broken.id) ?? 'unknown'
      state.set(j.id, 'dependency_never_satisfied')
      out.push({ id: j.id, blockedBy: broken.id,
        reason: `job ${broken.id} ${was === 'dependency_never_satisfied' ? 'will never run' : `ended ${was}`}${broken.kind === 'afterok' ? '' : ` (${broken.kind})`}` })
      changed = true
    }
  }
  return out
}

/** The ids of the jobs startPlan starts. */
export function startable(jobs: readonly LocalJob[], others: ReadonlyMap<string, JobState>, cap: Capacity,
  now = Date.now(), reserveAfterMs = 5 * 60_000): string[] {
  return startPlan(jobs, others, cap, now, reserveAfterMs).map((s) => s.id)
}

/**
 * Pending jobs to start now, in id order, within what running jobs leave free, each with the GPUs it is given
 * (the first free ones of its type). A job that does not fit waits for room while later, smaller ones backfill
 * around it; once it has waited `reserveAfterMs`, nothing more passes it, so a stream of small jobs cannot
 * starve a large one. A held job waits for its release and reserves nothing.
 */
export function startPlan(jobs: readonly LocalJob[], others: ReadonlyMap<string, JobState>, cap: Capacity,
  now = Date.now(), reserveAfterMs = 5 * 60_000): Start[] {
  const state = new Map(others)
  for (const j of jobs) state.set(j.id, j.state)
  let cores = cap.cores
  let mem = cap.mem
  const taken = new Set<string>()
  // a completing job (stopped, its processes given their grace period) still holds its cores and GPUs
  for (const j of jobs) if (j.state === 'running' || j.state === 'completing') {
    cores -= j.cores
    mem -= j.mem ?? 0
    for (const g of j.gpuIds) taken.add(g)
  }
  let free = (cap.gpus ?? []).filter((g) => !taken.has(g.id))
  const start: Start[] = []
  for (const j of [...jobs].sort((a, b) => Number(a.id) - Number(b.id))) { // local ids are integers
    if (j.state !== 'pending' || j.held) continue
    if (j.begin && Date.parse(j.begin) > now) continue // not yet: it reserves nothing either
    if (!after(j).every((d) => satisfiedBy(d.kind, state.get(d.id) ?? 'unknown'))) continue
    if (j.cores > cap.cores || (j.mem ?? 0) > cap.mem || gpusNeverFit(j, cap)) continue // can never fit: no reservation (see tooBig)
    const gpuIds = pickGpus(j, free)
    if (j.cores > cores || (j.mem ?? 0) > mem || !gpuIds) {
      if (now - Date.parse(j.submittedAt) >= reserveAfterMs) break // reserved: the room that frees up is its
      continue
    }
    cores -= j.cores
    mem -= j.mem ?? 0
    free = free.filter((g) => !gpuIds.includes(g.id))
    start.push({ id: j.id, gpuIds })
  }
  return start
}

/**
 * Pending jobs that cannot fit the queue as it is now (it had more cores or memory when they were accepted):
 * they stay queued, no work is lost, with a reason that says how to let them run; they reserve nothing.
 */
export function tooBig(jobs: readonly LocalJob[], cap: Capacity): { id: string; reason: string }[] {
  return jobs.filter((j) => j.state === 'pending' && (j.cores > cap.cores || (j.mem ?? 0) > cap.mem || gpusNeverFit(j, cap))).map((j) => ({
    id: j.id,
    reason: gpusNeverFit(j, cap)
      ? `needs ${j.gpus} GPU${j.gpus === 1 ? '' : 's'}${j.gpuType ? ` of type ${j.gpuType}` : ''}; the local queue now has ` +
        `${cap.gpus?.length ? cap.gpus.map((g) => g.name || g.id).join(', ') : 'none'} (pcluster local stop, then start it where it sees them)`
      : `needs ${j.cores} cores${j.mem ? ` and ${j.mem} MB` : ''}; the local queue now has ${cap.cores} cores and ${cap.mem} MB ` +
        '(pcluster local stop, then start it with more: [local] cores/mem, or --threads)',
  }))
}

/** Slurm's word for a job held back by --begin, kept as the start of the reason. */
const BEGIN_REASON = 'BeginTime'

/** A time as the user's clock shows it: 2026-12-01 08:00:00. */
function localTime(iso: string): string {
  const d = new Date(iso)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
}

/**
 * Pending jobs whose --begin time is still to come, with the reason they wait; and those whose time has come,
 * with their begin reason cleared (they now wait, if at all, for room).
 */
export function beginReasons(jobs: readonly LocalJob[], now = Date.now()): { id: string; reason: string }[] {
  return jobs.flatMap((j) => {
    if (j.state !== 'pending' || !j.begin) return []
    if (Date.parse(j.begin) > now) return [{ id: j.id, reason: `${BEGIN_REASON}: not before ${localTime(j.begin)}` }]
    return j.reason.startsWith(BEGIN_REASON) ? [{ id: j.id, reason: '' }] : []
  })
}

/** When the earliest begin time still to come of a pending job is (ms), Infinity when none: the next pass is due then. */
export function nextBegin(jobs: readonly LocalJob[], now = Date.now()): number {
  let next = Infinity
  for (const j of jobs) {
    const at = j.state === 'pending' && j.begin ? Date.parse(j.begin) : NaN
    if (at > now && at < next) next = at
  }
  return next
}
