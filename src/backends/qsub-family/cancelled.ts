// Torque's and PBS Pro's statuses marked from pcluster's own cancel records (cancelrecords.ts): a job is matched by
// sameJob (a short `123` as typed and the server's `123.server` alike), and a job the server forgot is said so.
import { blankStatus } from '../../core/outcome.js'
import type { JobStatus } from '../../core/states.js'
import { cancelApplies } from './cancelrecords.js'
import { sameJob } from './ids.js'
import { isoTime } from './jobstatus.js'
import type { JobRecord } from './records.js'

/** When pcluster cancelled the job `id`, submitted at `submitted` (ms; NaN when not known), if a record applies to it. */
export function cancelledAt(cancels: Map<string, number>, id: string, submitted: number): number | undefined {
  for (const [name, at] of cancels) if (sameJob(name, id) && cancelApplies(at, submitted)) return at
  return undefined
}

/** Marks, in place, the statuses of the records (same order) of jobs pcluster cancelled. */
export function markOwnCancels(records: readonly JobRecord[], statuses: JobStatus[], cancels: Map<string, number>): JobStatus[] {
  if (!cancels.size) return statuses
  statuses.forEach((s, i) => {
    const submitted = Date.parse(isoTime(records[i]?.ctime ?? records[i]?.qtime) ?? '')
    if (cancelledAt(cancels, s.id, submitted) !== undefined) s.cancelRequested = true
  })
  return statuses
}

/** For asked ids the server no longer shows: a word for those pcluster cancelled (after `since`, when known). */
export function forgottenCancels(ids: readonly string[], shown: ReadonlyMap<string, JobStatus>, cancels: Map<string, number>,
  since?: Date): Map<string, JobStatus> {
  const out = new Map<string, JobStatus>()
  for (const id of ids) {
    if (shown.has(id) || cancelledAt(cancels, id, since?.getTime() ?? NaN) === undefined) continue
    out.set(id, { ...blankStatus(id), rawState: 'deleted', reason: 'the server keeps no record of it', cancelRequested: true })
  }
  return out
}
