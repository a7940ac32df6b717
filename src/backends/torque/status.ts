// Job status from Torque: one `qstat -f -x -u USER` for all of the user's jobs (XML kept by -f, filtered by
// Job_Owner on the client: qstat.c is_the_user @6.1.3; signac-flow asks the same). Parsing is in qstatx.ts,
// loaded here only when asked; a finished job the server no longer keeps (keep_completed, 0 before 6.0.4)
// is absent, and its end record tells how it ended.
import { runCommand } from '../../core/exec.js'
import { TransientError } from '../../core/errors.js'
import { isActive, type JobStatus } from '../../core/states.js'
import { currentUser } from '../../core/user.js'
import { markBrokenChains, pick } from './jobstatus.js'
import { torqueStatus } from './states.js'

/** Runs qstat; a non-zero exit without an answer is a passing failure (the server retried 3 times itself). */
async function ask(argv: string[]): Promise<string> {
  const res = await runCommand(argv, { timeoutMs: 60_000 })
  if (res.exitCode !== 0) {
    const why = res.error === 'not_found' ? 'qstat is not on PATH'
      : res.error === 'timed_out' ? 'qstat did not answer within 60 s'
      : `qstat exited ${res.exitCode ?? res.signal}: ${res.stderr.trim().split('\n').pop() ?? ''}`
    throw new TransientError(why, { argv })
  }
  return res.stdout
}

/** The jobs of one user (undefined: every job the server shows). */
export async function qstatJobs(user: string | undefined): Promise<JobStatus[]> {
  const { parseQstatX } = await import('./qstatx.js')
  const text = await ask(['qstat', '-f', '-x', ...(user ? ['-u', user] : [])])
  return markBrokenChains(parseQstatX(text).map(torqueStatus))
}

export async function status(ids: readonly string[]): Promise<Map<string, JobStatus>> {
  return pick(await qstatJobs(currentUser()), ids)
}

export async function queue(filter: { user: string | undefined }): Promise<JobStatus[]> {
  return qstatJobs(filter.user)
}

/** Pending and running jobs of the user; jobs that will never run do not count. */
export async function activeCount(user: string): Promise<number> {
  return (await qstatJobs(user)).filter((j) => isActive(j.state)).length
}
