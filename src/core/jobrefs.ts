// Job ids as given (the words after `wait`, `cancel`, `release`; the library's wait() and Queue) and the batch
// system each belongs to: the one asked for (--qtype, `qtype`), else the one pcluster's ledger recorded when it
// submitted the job (kept after `clean`, until keep_days), else the one detected here. The one rule for the CLI
// and the library. Each id is checked by its backend's grammar, so a malformed one is refused before any
// scheduler is asked.
import type { Backend, BackendName } from '../backends/types.js'
import { UsageError } from './errors.js'
import { taskEndPath } from './jobscript.js'
import { findJobs, recallJobs, type LedgerEntry } from './ledger.js'
import { backends } from './resolver.js'
import type { JobStatus } from './states.js'

/** Words split on spaces and commas; an empty id is what a failed `j=$(pcluster submit --parsable ...)` leaves. */
export function splitJobIds(words: readonly string[]): string[] {
  const ids = words.flatMap((w) => w.trim().split(/[,\s]+/))
  if (!ids.length || ids.some((id) => id === ''))
    throw new UsageError('BAD_VALUE', 'an empty job id', { hint: 'did the submission that should have printed it fail? (j=$(pcluster submit --parsable ...))' })
  return ids
}

/** A job, or one task of an array job, on its batch system: `id` the job's (an array's own), `task` the index. */
export interface JobTaskRef {
  backend: BackendName
  id: string
  task?: string
}

/** An id as given, checked by its backend's grammar and taken apart; undefined when malformed there. */
export function parseRef(backend: Backend, text: string): JobTaskRef | undefined {
  const id = backend.ids.parse(text)
  return id === undefined ? undefined : { backend: backend.name, ...backend.ids.split(id) }
}

/**
 * pcluster's records of these ids (normal form) on a backend: a task's is its array's, with the task's own end
 * record (taskEndPath), so that every reader of end records (wait, queue) finds the task's.
 */
export async function recallRefs(backend: Backend, ids: readonly string[]): Promise<Map<string, LedgerEntry>> {
  const refs = new Map(ids.map((id) => [id, backend.ids.split(id)]))
  const jobs = await recallJobs(backend, [...new Set([...refs.values()].map((r) => r.id))])
  const found = new Map<string, LedgerEntry>()
  for (const [id, ref] of refs) {
    const entry = jobs.get(ref.id)
    if (entry) found.set(id, ref.task === undefined ? entry : { ...entry, end: entry.end && taskEndPath(entry.end, ref.task) })
  }
  return found
}

export interface IdGroup {
  backend: Backend
  /** Normalised ids, in the order given. */
  ids: string[]
}

/** A group with where each of its ids was in the list given. */
export type PlacedGroup = IdGroup & { at: number[] }

export interface GroupOptions {
  /** The batch system asked for: every id is taken as one of its. */
  qtype?: string
  /** The system for an id the ledger does not have (default: the one detected here). */
  fallback?: string
  /** The verb, for messages (`wait`, `cancel`). */
  verb?: string
  /** How to say which system an id is on, for the hint of an id pcluster submitted to two (default: the library's `qtype`). */
  sayWhich?: (qtype: string, id: string) => string
}

/**
 * The ids grouped by backend, each group in the order given; the groups in the order their first id was given.
 * A UsageError for an id that is malformed on its backend, or that pcluster submitted to two systems.
 */
export async function groupJobIds(ids: readonly string[], opts: GroupOptions = {}): Promise<PlacedGroup[]> {
  const registry = backends()
  const verb = opts.verb ?? 'wait'
  const owner = new Map<string, string>() // id -> backend name
  if (opts.qtype) {
    const name = (await registry.load(opts.qtype)).name
    for (const id of ids) owner.set(id, name)
  } else {
    const found = await findJobs(registry.infos, ids)
    let detected: string | undefined
    for (const id of ids) {
      const where = [...new Set(found.get(id)!.map((e) => e.backend))]
      if (where.length > 1)
        throw new UsageError('AMBIGUOUS_ID', `job ${id} was submitted by pcluster to ${where.join(' and ')}`, {
          hint: `say which: ${(opts.sayWhich ?? ((q) => `qtype: '${q}'`))(where[0]!, id)}`,
        })
      owner.set(id, where[0] ?? (detected ??= (await registry.pick(opts.fallback)).name))
    }
  }
  const groups = new Map<string, PlacedGroup>()
  for (const [i, id] of ids.entries()) {
    const name = owner.get(id)!
    let group = groups.get(name)
    if (!group) groups.set(name, group = { backend: await registry.load(name), ids: [], at: [] })
    const ok = group.backend.ids.parse(id)
    if (ok === undefined)
      throw new UsageError('BAD_VALUE', `invalid job id '${id}': not a job id of ${group.backend.title}`, {
        hint: `${verb} takes job ids of ${group.backend.title} such as ${group.backend.ids.examples}`,
      })
    group.ids.push(ok)
    group.at.push(i)
  }
  return [...groups.values()]
}

/**
 * An id pcluster never submitted from this account that the system knows as another user's job is not the
 * caller's to be told about as theirs: refused (exit 2, as a wrong id), naming the owner. Ids pcluster
 * submitted are left alone (the record says whose they are); so is every id when `user` is undefined (all users).
 */
export function refuseOthersJobs(backend: Backend, user: string | undefined, sched: ReadonlyMap<string, JobStatus>,
  ledger: ReadonlyMap<string, LedgerEntry>): void {
  if (user === undefined) return
  for (const [id, s] of sched) {
    if (ledger.has(id) || !s.user || s.user === user) continue
    throw new UsageError('NOT_YOUR_JOB', `${backend.title} job ${id} belongs to user ${s.user}, not to you (${user}): pcluster submitted no job ${id} from this account`, {
      hint: 'check the id; for a job of another batch system, name that system (--qtype, or qtype from code): pcluster remembers where each of its jobs ran for [jobs] keep_days days',
    })
  }
}
