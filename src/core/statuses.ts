// The one status pipeline: the scheduler's word on many jobs, each settled through outcome.ts's rule, then the
// never-runnable steps (a dependant that vanished, the blocker named). Queue (wait, queue) and the service's
// poller both settle every status here, so that a polled and a pushed answer cannot differ.
import type { Backend } from '../backends/types.js'
import { recallRefs } from './jobrefs.js'
import type { LedgerEntry } from './ledger.js'
import { settle } from './outcome.js'
import type { JobState, JobStatus } from './states.js'
import { dependencyIds, kindWords, neverSatisfied, parseDependency, type AfterKind } from './dependencies.js'

/**
 * The true state of each id on `backend`: the scheduler's word (one status call) merged with the job's own end
 * record, then the never-runnable steps. `known`: pcluster's records of those ids, when the caller has them.
 */
export async function settledStatuses(backend: Backend, ids: readonly string[], known?: Map<string, LedgerEntry>): Promise<Map<string, JobStatus>> {
const ledger = known ?? await recallRefs(backend, ids)
const sched = await backend.status(ids, { since: earliest(ids, ledger) })
const out = new Map(await Promise.all(ids.map(async (id) => [id, await settleOne(backend, id, sched.get(id), ledger.get(id))] as const)))
await vanishedDependants(backend, out, ledger)
return nameBlockers(out, ledger, await askParents(backend, out, ledger))
}

/**
 * A job pcluster submitted after others that has left the scheduler with no end record, while one of those
 * ended without success, was removed for that (Torque 4 deletes such a job at once; Slurm cancels it with
 * --kill-on-invalid-dep): it will never run, said now rather than `unknown` after the grace period. Asks the
 * scheduler about those parents only when there is such a job (one more call).
 */
async function vanishedDependants(backend: Backend, out: Map<string, JobStatus>, ledger: Map<string, LedgerEntry>): Promise<void> {
  const orphans = [...out.values()].filter((s) => s.state === 'unknown' && s.rawState === '' && ledger.get(s.id)?.depends.length)
  if (!orphans.length) return
  const parents = dependencyIds(orphans.flatMap((s) => ledger.get(s.id)!.depends))
  const unasked = parents.filter((p) => !out.has(p))
  const asked = unasked.length ? await settledStatuses(backend, unasked) : new Map<string, JobStatus>()
  const stateOf = (id: string) => (out.get(id) ?? asked.get(id))?.state
  for (const s of orphans) {
    const blocker = breaking(ledger.get(s.id)!.depends, (id) => {
      const st = stateOf(id)
      return st === 'unknown' ? undefined : st // an unknown parent proves nothing
    })
    if (blocker) out.set(s.id, { ...s, state: 'dependency_never_satisfied', rawState: 'VANISHED', blockedBy: blocker.id,
      ...(blocker.kind === 'afternotok' ? { blockedKind: 'afternotok' as const } : {}),
      reason: `it left the scheduler without running: job ${blocker.id}, which it depends on, did not ${kindWords(blocker.kind)}` })
  }
}

/**
 * A job that will never run, where neither the scheduler nor this batch says which of its several
 * dependencies broke: their states are asked (one more call, only then), so that nameBlockers can name it.
 */
async function askParents(backend: Backend, out: Map<string, JobStatus>, ledger: Map<string, LedgerEntry>): Promise<Map<string, JobStatus>> {
  const unnamed = [...out.values()].filter((s) => s.state === 'dependency_never_satisfied' && !s.blockedBy
    && dependencyIds(ledger.get(s.id)?.depends ?? []).length > 1)
  const unasked = dependencyIds(unnamed.flatMap((s) => ledger.get(s.id)!.depends)).filter((p) => !out.has(p))
  return unasked.length ? settledStatuses(backend, unasked) : new Map()
}

/** One job's truth (the one rule in outcome.ts), named as pcluster submitted it. */
export async function settleOne(backend: Backend, id: string, sched: JobStatus | undefined, mine: LedgerEntry | undefined): Promise<JobStatus> {
  const merged = await settle(id, sched, mine?.end)
  const { task } = backend.ids.split(id)
  // accounting can show a placeholder (`allocation`) or a mangled name (" as `) for jobs pcluster named
  return { ...merged, ...(mine?.name ? { name: mine.name } : {}), ...(task !== undefined ? { task } : {}) }
}

/** An hour before the earliest submission among ids, when pcluster submitted them all: bounds accounting. */
export function earliest(ids: readonly string[], ledger: Map<string, LedgerEntry>): Date | undefined {
  if (!ids.length || !ids.every((id) => ledger.has(id))) return undefined
  const times = ids.map((id) => Date.parse(ledger.get(id)!.submittedAt)).filter(Number.isFinite)
  return times.length ? new Date(Math.min(...times) - 3600_000) : undefined
}

/**
 * A job that will never run because of a dependency, where the scheduler did not say which (Slurm's accounting
 * after --kill-on-invalid-dep): the one of its recorded dependencies that did not succeed, when this batch
 * shows it, else its only dependency.
 */
function nameBlockers(statuses: Map<string, JobStatus>, ledger: Map<string, LedgerEntry>, parents: Map<string, JobStatus>): Map<string, JobStatus> {
  for (const [id, s] of statuses) {
    if (s.state !== 'dependency_never_satisfied' || s.blockedKind) continue
    const deps = ledger.get(id)?.depends ?? []
    const ids = dependencyIds(deps)
    const broken = s.blockedBy ? undefined : breaking(deps, (d) => (statuses.get(d) ?? parents.get(d))?.state)
    const blocker = s.blockedBy ?? broken?.id ?? (ids.length === 1 ? ids[0] : undefined)
    if (!blocker) continue
    // the kind of that dependency, as pcluster submitted it (a scheduler names the blocker, not why)
    const notok = (broken?.kind ?? parseDependency(deps.find((d) => d === `afternotok:${blocker}`) ?? '').kind) === 'afternotok'
    statuses.set(id, { ...s, blockedBy: blocker, ...(notok ? { blockedKind: 'afternotok' as const } : {}) })
  }
  return statuses
}

/** The first dependency among `tokens` that a parent's state (where known) makes never satisfiable. */
function breaking(tokens: readonly string[], stateOf: (id: string) => JobState | undefined): { id: string; kind: AfterKind } | undefined {
  for (const d of tokens.map(parseDependency)) {
    if (d.kind === 'singleton') continue
    const st = stateOf(d.id)
    if (st !== undefined && neverSatisfied(d.kind, st)) return d
  }
  return undefined
}
