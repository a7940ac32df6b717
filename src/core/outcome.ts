// The truth about a job's end: the scheduler's word merged with the end record the job wrote itself.
import { readEndRecord, type EndRecord } from './jobscript.js'
import { isFinal, type JobStatus } from './states.js'

/** A status for a job nobody has a word on yet. */
export function blankStatus(id: string, state: JobStatus['state'] = 'unknown'): JobStatus {
  return {
    id, state, rawState: '', reason: '', name: '', user: '', partition: '', nodes: '', nodeCount: null, cores: null,
    exitCode: null, signal: null, startedAt: null, endedAt: null,
  }
}

/** The scheduler's states that win over an end record saying exit 0. */
const SCHEDULER_WINS = new Set(['timeout', 'out_of_memory', 'cancelled', 'node_fail'])

/**
 * Merges the scheduler's status (undefined: no record) with the job's end record (undefined: none written).
 * A job with neither is `unknown`, never `completed`.
 */
export function mergeOutcome(id: string, sched: JobStatus | undefined, record: EndRecord | undefined): JobStatus {
  if (sched && !isFinal(sched.state)) return sched
  if (sched?.cancelRequested) sched = ownCancel(sched, record)
  const base = sched ?? blankStatus(id)
  if (!record) return base
  const merged: JobStatus = {
    ...base,
    exitCode: record.exitCode,
    startedAt: base.startedAt ?? (record.startedAt || null),
    endedAt: base.endedAt ?? (record.endedAt || null),
  }
  if (sched && SCHEDULER_WINS.has(sched.state)) return merged
  // the script ran no command: whatever it exited with, the job's truth is that it never could run
  if (record.state === 'dependency_never_satisfied')
    return { ...merged, state: record.state, exitCode: null, ...(record.blockedBy ? { blockedBy: record.blockedBy } : {}),
      ...(record.blockedKind ? { blockedKind: record.blockedKind } : {}),
      ...(sched ? {} : { rawState: 'END_RECORD' }) }
  // the job's own exit code decides completed/failed; a scheduler FAILED with a clean exit stays failed
  merged.state = record.exitCode === 0 && sched?.state !== 'failed' ? 'completed' : 'failed'
  if (!sched) merged.rawState = 'END_RECORD'
  return merged
}

/**
 * A job pcluster cancelled that then died of a signal, or left neither the scheduler's word nor an end record,
 * was cancelled: some schedulers cannot say so themselves (a cancel that ends in SIGKILL reads like an OOM
 * kill; some forget a deleted job at once: the backends' cancel records). A job whose end record shows it ran to
 * its end keeps its own outcome.
 */
function ownCancel(sched: JobStatus, record: EndRecord | undefined): JobStatus {
  const killed = sched.state === 'failed' && sched.signal !== null && !record
  const silent = sched.state === 'unknown' && !record
  if (!killed && !silent) return sched
  return { ...sched, state: 'cancelled', reason: `pcluster cancelled it${sched.reason ? ` (${sched.reason})` : ''}` }
}

/**
 * The rule where a scheduler's answer meets pcluster's own records (wait, queue, clean, the pushed local
 * wait): the end record at `endPath` is read only when the scheduler has no live word on the job.
 */
export async function settle(id: string, sched: JobStatus | undefined, endPath: string | undefined): Promise<JobStatus> {
  const record = endPath && (!sched || isFinal(sched.state)) ? await readEndRecord(endPath) : undefined
  return mergeOutcome(id, sched, record)
}
