// Every change of a local job's state, pure: the job as stored and a typed event give the change to store and
// the signal to send. Every end goes through mergeOutcome, the one rule, with the daemon's own word as the
// scheduler's: a stop it requested (cancel, time limit, memory) wins over the exit code, as Slurm's CANCELLED does.
import type { EndRecord } from '../../core/jobscript.js'
import { mergeOutcome } from '../../core/outcome.js'
import type { JobState, JobStatus } from '../../core/states.js'
import type { JobUpdate, LocalJob, StopCause } from '../store.js'
import { toStatus } from '../view.js'

/** How the job's leading process ended, as the daemon saw it (the job is its child). */
export interface ProcessExit {
  code: number | null
  signal: number | null
}

export type JobEvent =
  | { type: 'started'; pid: number; pidStart: string | null; gpuIds?: string[] }
  /** `pcluster release`: a held job may start. */
  | { type: 'released' }
  | { type: 'launchFailed'; why: string }
  /** Pending, and cannot fit the queue as it is now. */
  | { type: 'waiting'; reason: string }
  | { type: 'dependencyFailed'; blockedBy: string; reason: string }
  | { type: 'cancelRequested' }
  | { type: 'timedOut' }
  /** Its processes' resident memory, sampled, is over its --mem (MB): `usedMb`. */
  | { type: 'overMemory'; usedMb: number }
  /** A stopped job's grace period is over: whatever is left of it is killed. */
  | { type: 'graceExpired' }
  /** Its leading process ended; `groupRuns`: some of its processes are still there. */
  | { type: 'exited'; exit: ProcessExit; record: EndRecord | undefined; groupRuns: boolean }
  /** A job adopted from an earlier daemon (not our child): its leading process is gone, how it ended unseen. */
  | { type: 'vanished'; record: EndRecord | undefined; groupRuns: boolean }
  /** A job recorded as started whose process was never let run (its daemon died first): it goes back in the queue. */
  | { type: 'unstarted' }
  /** The last process of a completing job is gone. */
  | { type: 'drained'; record: EndRecord | undefined }

export interface Transition {
  set: JobUpdate
  signal?: 'SIGTERM' | 'SIGKILL'
}

const CANCELLED = 'cancelled by the user'

/** The change an event makes to a job as it is now; undefined when it does not apply (already ended, too late). */
export function transition(job: LocalJob, event: JobEvent, now: string): Transition | undefined {
  switch (event.type) {
    case 'started':
      return job.state === 'pending'
        ? { set: { state: 'running', rawState: 'RUNNING', pid: event.pid, pidStart: event.pidStart, startedAt: now,
          ...(event.gpuIds?.length ? { gpuIds: event.gpuIds } : {}) } }
        : undefined
    case 'released':
      return job.state === 'pending' && job.held ? { set: { held: false } } : undefined
    case 'launchFailed':
      return job.state === 'pending' ? { set: end(job, word(job, 'failed', `could not start: ${event.why}`, now), undefined, now) } : undefined
    case 'waiting':
      return job.state === 'pending' && job.reason !== event.reason ? { set: { reason: event.reason } } : undefined
    case 'dependencyFailed':
      if (job.state !== 'pending') return undefined
      return { set: { ...end(job, word(job, 'dependency_never_satisfied', event.reason, now), undefined, now), blockedBy: event.blockedBy } }
    case 'cancelRequested':
      if (job.state === 'pending') return { set: { ...end(job, word(job, 'cancelled', CANCELLED, now), undefined, now), stopCause: 'cancel' } }
      if (job.state === 'running' && !job.stopCause) return stop(job, 'cancel', now)
      // already being stopped (its time limit): it ends as that, and nothing more is to be done
      return job.state === 'running' || job.state === 'completing' ? { set: {} } : undefined
    case 'timedOut':
      return job.state === 'running' && !job.stopCause ? stop(job, 'timeout', now) : undefined
    case 'overMemory':
      return job.state === 'running' && !job.stopCause && job.mem
        ? stop(job, 'memory', now, `used ${event.usedMb} MB of memory, more than its --mem of ${job.mem} MB`)
        : undefined
    case 'graceExpired':
      return (job.state === 'running' || job.state === 'completing') && job.stopCause ? { set: {}, signal: 'SIGKILL' } : undefined
    case 'exited':
    case 'vanished': {
      if (job.state !== 'running') return undefined
      const exit = event.type === 'exited' ? event.exit : undefined
      // a stopped job's processes get the whole grace period (to clean up on SIGTERM), though its leader died at once
      if (job.stopCause && event.groupRuns)
        return { set: { state: 'completing', rawState: 'COMPLETING', exitCode: exit?.code ?? null, signal: exit?.signal ?? null } }
      return { set: end(job, daemonWord(job, exit, now), event.record, now) }
    }
    case 'unstarted':
      if (job.state !== 'running') return undefined
      // a stop asked of it meanwhile: it ends as that, never having run
      if (job.stopCause) return { set: end(job, daemonWord(job, { code: null, signal: null }, now), undefined, now) }
      return { set: { state: 'pending', rawState: 'PENDING', reason: '', pid: null, pidStart: null, startedAt: null } }
    case 'drained':
      return job.state === 'completing'
        ? { set: end(job, daemonWord(job, { code: job.exitCode, signal: job.signal }, now), event.record, now) }
        : undefined
  }
}

/** The tick's event for a running or completing job at `nowMs`, if one is due. */
export function dueEvent(job: LocalJob, nowMs: number, graceMs: number): JobEvent | undefined {
  if (job.stopRequestedAt) return nowMs > Date.parse(job.stopRequestedAt) + graceMs ? { type: 'graceExpired' } : undefined
  // time limits are polled rather than timed: setTimeout cannot wait more than 24.8 days
  if (job.state === 'running' && job.time && job.startedAt && nowMs > Date.parse(job.startedAt) + job.time * 1000) return { type: 'timedOut' }
  return undefined
}

/**
 * The tick's event for a running job whose processes were sampled at `usedKb` of resident memory: a stop when
 * that is over its --mem (none asked, or 0: no limit).
 */
export function memoryEvent(job: LocalJob, usedKb: number): JobEvent | undefined {
  if (job.state !== 'running' || job.stopCause || !job.mem || usedKb <= job.mem * 1024) return undefined
  return { type: 'overMemory', usedMb: Math.ceil(usedKb / 1024) }
}

function stop(job: LocalJob, cause: StopCause, now: string, why?: string): Transition {
  const reason = why ?? (cause === 'cancel' ? CANCELLED : `ran past its time limit of ${job.time} s`)
  // stored before the signal goes out: a daemon that dies meanwhile still ends the job as it was stopped for
  return { set: { reason, stopCause: cause, stopRequestedAt: now }, signal: 'SIGTERM' }
}

/**
 * What the daemon, as this job's scheduler, says of its end: the stop it requested, else the leader's exit.
 * Undefined for a job it did not see end (adopted): then only the end record can tell.
 */
export function daemonWord(job: LocalJob, exit: ProcessExit | undefined, now: string): JobStatus | undefined {
  const endedAt = exit ? now : null // unseen: the end record's time is truer than the time we noticed
  if (job.stopCause === 'cancel') return word(job, 'cancelled', job.reason || CANCELLED, endedAt, exit)
  if (job.stopCause === 'timeout') return word(job, 'timeout', job.reason, endedAt, exit)
  if (job.stopCause === 'memory') return word(job, 'out_of_memory', job.reason, endedAt, exit)
  if (!exit) return undefined
  if (exit.signal !== null) return word(job, 'failed', `killed by signal ${exit.signal}`, endedAt, exit)
  return word(job, exit.code === 0 ? 'completed' : 'failed', '', endedAt, exit)
}

function word(job: LocalJob, state: JobState, reason: string, endedAt: string | null, exit?: ProcessExit): JobStatus {
  return { ...toStatus(job), state, rawState: state.toUpperCase(), reason, exitCode: exit?.code ?? null, signal: exit?.signal ?? null, endedAt }
}

/** The stored end: the daemon's word merged with the job's own end record by the one rule. */
function end(job: LocalJob, sched: JobStatus | undefined, record: EndRecord | undefined, now: string): JobUpdate {
  const m = mergeOutcome(job.id, sched, record)
  const unknown = m.state === 'unknown'
  return {
    state: m.state, rawState: m.rawState || m.state.toUpperCase(), exitCode: m.exitCode, signal: m.signal,
    reason: m.reason || (unknown ? 'its process ended without writing an end record' : ''),
    startedAt: m.startedAt, endedAt: m.endedAt ?? now,
  }
}
