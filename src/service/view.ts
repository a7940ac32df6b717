// A stored job as the JobStatus every backend reports: what `status`, `queue` and `watch` answer.
import { hostname } from 'node:os'
import type { JobStatus } from '../core/states.js'
import type { StoredJob } from './store.js'

/** Slurm's reason for a job held by the user (--hold), which its status reads as `held`. */
export const HELD_REASON = 'JobHeldUser'

export function toStatus(j: StoredJob): JobStatus {
  const local = j.backend === 'local'
  const held = j.held && j.state === 'pending'
  return {
    id: j.id, state: held ? 'held' : j.state, rawState: j.rawState, reason: held ? HELD_REASON : j.reason, name: j.name, user: j.user,
    // the local queue has no partitions: an empty one, as blankStatus, rather than a made-up name
    partition: '', nodes: local ? hostname() : '', nodeCount: local ? 1 : null, cores: j.cores, exitCode: j.exitCode, signal: j.signal,
    startedAt: j.startedAt, endedAt: j.endedAt, ...(j.depends.length ? { dependency: j.depends.join(',') } : {}),
    ...(j.blockedBy ? { blockedBy: j.blockedBy } : {}),
    ...(j.blockedBy && j.depends.includes(`afternotok:${j.blockedBy}`) ? { blockedKind: 'afternotok' as const } : {}), ...(j.maxRss !== null ? { maxRssMb: j.maxRss } : {}),
  }
}
