// PBS Pro's job states and Exit_status in pcluster's terms (PBS Pro reference guide "Job States",
// openpbs src/include/job.h JOB_EXEC_*; states Q H W T M R E B S U F X).
import type { JobState, JobStatus } from '../../core/states.js'
import { baseStatus, deletedForDependency, num, splitExit } from '../qsub-family/jobstatus.js'
import type { JobRecord } from '../qsub-family/records.js'

/** Negative Exit_status: the server or mom ended the job (job.h @openpbs cd7ab5e). */
const SERVER_ENDED: Record<number, [JobState, string]> = {
  [-29]: ['timeout', 'walltime limit exceeded'],
  [-28]: ['timeout', 'cput limit exceeded'],
  [-27]: ['out_of_memory', 'memory limit exceeded'],
  [-26]: ['out_of_memory', 'vmem limit exceeded'],
  [-25]: ['failed', 'ncpus limit exceeded'],
  [-24]: ['failed', 'ncpus limit exceeded'],
  [-3]: ['node_fail', 'could not start, retried'],
  [-11]: ['node_fail', 'rerun'],
}

function ended(r: JobRecord): [JobState, { exitCode: number | null; signal: number | null }, string] {
  if (deletedForDependency(r)) return ['dependency_never_satisfied', { exitCode: null, signal: null }, r.comment!]
  const code = num(r.Exit_status)
  if (code === null) return /\[\]/.test(r.Job_Id ?? '') ? ['completed', { exitCode: null, signal: null }, 'array: see its subjobs']
    : ['cancelled', { exitCode: null, signal: null }, r.comment ?? 'deleted before it ran']
  // 271 = SIGTERM, as qdel sends. 265 (SIGKILL) is what qdel sends after kill_delay, but an OOM kill too (psij
  // calls every 265 cancelled): a failure here, a cancel only when pcluster's own record says it sent one
  // (../qsub-family/cancelrecords.ts, read by core/outcome.ts), as on Torque
  if (code === 271) return ['cancelled', splitExit(code), `Exit_status=${code} (killed by SIGTERM: qdel)`]
  if (code >= 256) return ['failed', splitExit(code), `Exit_status=${code}`]
  if (code < 0) {
    const [state, why] = SERVER_ENDED[code] ?? ['failed', 'ended by the server']
    return [state, splitExit(code), `Exit_status=${code} (${why})`]
  }
  return [code === 0 ? 'completed' : 'failed', splitExit(code), '']
}

export function pbsproStatus(r: JobRecord): JobStatus {
  const raw = (r.job_state ?? '').trim()
  const live = (state: JobState, reason = r.comment ?? '') => baseStatus(r, state, { exitCode: null, signal: null }, reason)
  switch (raw) {
    case 'Q': case 'T': case 'M': return live('pending')
    case 'W': return live('pending', `waiting for its start time${r.Execution_Time ? ` (${r.Execution_Time})` : ''}`)
    // a system hold on a job with a depend list is the afterok wait, as Slurm's Dependency
    case 'H': return /s/.test(r.Hold_Types ?? '') && r.depend ? live('pending', `Dependency: ${r.depend}`) : live('held', `Hold_Types=${r.Hold_Types ?? '?'}`)
    case 'R': case 'B': case 'S': case 'U': return live('running')
    case 'E': return live('completing')
    case 'F': case 'X': {
      const [state, exit, reason] = ended(r)
      const s = baseStatus(r, state, exit, reason)
      const blocker = deletedForDependency(r)
      return blocker ? { ...s, blockedBy: blocker } : s
    }
    default: return live('unknown')
  }
}
