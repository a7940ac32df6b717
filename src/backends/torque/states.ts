// Torque's job states and exit_status in pcluster's terms (qstat.1.in, pbs_job.h, mom_start.c,
// req_register.c @6.1.3; every real sample in test/fixtures/torque parses to the state its README gives).
import type { JobState, JobStatus } from '../../core/states.js'
import { baseStatus, deletedForDependency, num, splitExit } from '../qsub-family/jobstatus.js'
import type { JobRecord } from '../qsub-family/records.js'

/** Negative exit_status: the mom or server ended the job (pbs_job.h JOB_EXEC_*; -10/-11 set by mom since 4.1). */
const SERVER_ENDED: Record<number, [JobState, string]> = {
  [-10]: ['out_of_memory', 'memory limit exceeded'],
  [-11]: ['timeout', 'walltime limit exceeded'],
  [-12]: ['timeout', 'cput limit exceeded'],
  [-3]: ['node_fail', 'could not start, retried'],
  [-4]: ['node_fail', 'job init failed'],
  [-5]: ['node_fail', 'job init failed'],
  [-6]: ['node_fail', 'job init failed'],
  [-7]: ['node_fail', 'job restart failed'],
  [-9]: ['failed', 'could not open its output files'],
  [-14]: ['failed', 'prologue failed'],
}

/** A C (completed) job: how it ended. */
function ended(r: JobRecord): [JobState, { exitCode: number | null; signal: number | null }, string] {
  const blocker = deletedForDependency(r)
  if (blocker) return ['dependency_never_satisfied', { exitCode: null, signal: null }, r.comment!]
  const code = num(r.exit_status)
  // deleted while queued: no exit_status (req_delete.c); an array's summary line has none either, its tasks do
  if (code === null) return /\[\]/.test(r.Job_Id ?? '') ? ['completed', { exitCode: null, signal: null }, 'array: see its tasks']
    : ['cancelled', { exitCode: null, signal: null }, r.comment ?? 'deleted before it ran']
  // 271 = SIGTERM: qdel, and the server's own abort (handle_aborted_job, job_func.c)
  if (code === 271) return ['cancelled', splitExit(code), `exit_status=${code} (killed by SIGTERM: qdel)`]
  // 265 = SIGKILL: qdel after kill_delay (req_delete.c @6.1.3) or an OOM kill; a cancel only when pcluster's own
  // record says it sent one (../qsub-family/cancelrecords.ts, read by core/outcome.ts)
  if (code >= 256) return ['failed', splitExit(code), `exit_status=${code}`]
  if (code < 0) {
    const [state, why] = SERVER_ENDED[code] ?? ['failed', 'ended by the server']
    return [state, splitExit(code), `exit_status=${code} (${why})`]
  }
  // a non-zero exit is a failure (fyrd, python-cluster's successor, called every C job completed)
  return [code === 0 ? 'completed' : 'failed', splitExit(code), '']
}

export function torqueStatus(r: JobRecord): JobStatus {
  const raw = (r.job_state ?? '').trim()
  const live = (state: JobState, reason = r.comment ?? '') => baseStatus(r, state, { exitCode: null, signal: null }, reason)
  switch (raw) {
    case 'Q': case 'T': return live('pending')
    case 'W': return live('pending', `waiting for its start time${r.execution_time ? ` (${r.execution_time})` : ''}`)
    // a system hold (`s`) on a job with a depend list is the afterok wait (DEPNHOLD), as Slurm's Dependency
    case 'H': return /s/.test(r.Hold_Types ?? '') && r.depend ? live('pending', `Dependency: ${r.depend}`) : live('held', `Hold_Types=${r.Hold_Types ?? '?'}`)
    // a requeued job keeps its old exit_status while running again (fixture: 665199 R, exit_status -3)
    case 'R': case 'S': return live('running')
    case 'E': return live('completing')
    case 'C': {
      const [state, exit, reason] = ended(r)
      const s = baseStatus(r, state, exit, reason)
      const blocker = deletedForDependency(r)
      return blocker ? { ...s, blockedBy: blocker } : s
    }
    default: return live('unknown')
  }
}
