// Where a chain of dependencies broke: from a job that will never run, back through the jobs it waited on, to
// the first one that ended without success of its own, with that job's stderr file from the ledger.
import { recallJobs } from './ledger.js'
import { expandPattern } from './outputpatterns.js'
import type { Queue } from './queue.js'
import type { JobStatus } from './states.js'
import { currentUser } from './user.js'

/** The job where a chain broke, and the file its stderr went to (when pcluster submitted it). */
export interface ChainBreak {
  status: JobStatus
  /** Its stderr file, as the job named it (the user's --errfile, or NAME.SUFFIX.err in filedir). */
  err?: string
  /** How many jobs lie between the job asked about and the break (0: the job it depends on broke). */
  between: number
}

/** Links followed at most: a chain longer than this is named where the walk stopped. */
const MAX_LINKS = 100

/**
 * The job `s` (which will never run) waited on, then the one that one waited on, and so on, until a job that
 * is not itself merely never runnable: the one that failed, timed out or was cancelled. `known` holds the
 * statuses already at hand (those just waited on) and gains those asked for, so that the walks of a whole
 * broken chain cost one status call per job not waited on, not one per link of every walk. Undefined when `s`
 * names no blocker, or the walk learns nothing (the parent's state is unknown).
 */
export async function chainBreak(queue: Queue, s: JobStatus, known = new Map<string, JobStatus>()): Promise<ChainBreak | undefined> {
  if (s.state !== 'dependency_never_satisfied' || !s.blockedBy) return undefined
  const seen = new Set([s.id])
  let at = s
  let between = -1
  // afternotok: that parent succeeded, which is where the chain turned; no further back
  while (at.state === 'dependency_never_satisfied' && at.blockedBy && at.blockedKind !== 'afternotok'
    && !seen.has(at.blockedBy) && seen.size <= MAX_LINKS) {
    seen.add(at.blockedBy)
    const id = at.blockedBy
    const next = known.get(id) ?? (await queue.statuses([id])).get(id)
    if (next) known.set(id, next)
    if (!next || next.state === 'unknown') break
    at = next
    between++
  }
  if (at === s) return undefined
  const entry = (await recallJobs(queue.backend, [at.id])).get(at.id)
  const err = entry?.err ? expandPattern(entry.err, { id: at.id, name: entry.name, user: currentUser() }) : undefined
  return { status: at, between, ...(err ? { err } : {}) }
}
