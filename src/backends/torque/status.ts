// Job status from Torque: one `qstat -f -x -u USER` for all of the user's jobs (XML kept by -f, filtered by
// Job_Owner on the client: qstat.c is_the_user @6.1.3; signac-flow asks the same); a qstat that refuses -x
// is read as `qstat -f` text instead. Parsing is in qstatx.ts,
// loaded here only when asked; a finished job the server no longer keeps (keep_completed, 0 before 6.0.4)
// is absent, and its end record tells how it ended.
import { queryAnswer as answer, runQuery as run } from '../../core/commandresults.js'
import { isActive, type JobStatus } from '../../core/states.js'
import { currentUser } from '../../core/user.js'
import { forgottenCancels, markOwnCancels } from '../qsub-family/cancelled.js'
import { ownCancels } from '../qsub-family/cancelrecords.js'
import { recentLedgerIds, sameJob } from '../qsub-family/ids.js'
import { markBrokenChains, owner, pick } from '../qsub-family/jobstatus.js'
import { parseQstatF, type JobRecord } from '../qsub-family/records.js'
import { torqueStatus } from './states.js'

/** A qstat without `-x` refuses it itself (getopt's complaint or the usage, exit 2): read `qstat -f` text then. */
const NO_XML = /(invalid|illegal|unknown) option.*x|^usage:/im

/** Whether this process found that the server's qstat has no XML. */
let textOnly = false

/** The records of one user's jobs (undefined: every job): one `qstat -f -x -u USER`, or `qstat -f` text filtered here. */
async function qstatRecords(user: string | undefined): Promise<JobRecord[]> {
  if (!textOnly) {
    const res = await run(['qstat', '-f', '-x', ...(user ? ['-u', user] : [])])
    if (res.exitCode === 2 && NO_XML.test(res.stderr)) textOnly = true
    else {
      const { parseQstatX } = await import('./qstatx.js')
      return parseQstatX(answer(res))
    }
  }
  const records = parseQstatF(answer(await run(['qstat', '-f'])))
  return user ? records.filter((r) => owner(r) === user) : records
}

/** The jobs of one user (undefined: every job the server shows), those pcluster cancelled marked so. */
export async function qstatJobs(user: string | undefined, cancels?: Map<string, number>): Promise<JobStatus[]> {
  const records = await qstatRecords(user)
  return markBrokenChains(cancels ? markOwnCancels(records, records.map(torqueStatus), cancels) : records.map(torqueStatus))
}

export async function status(ids: readonly string[], opts: { since?: Date } = {}): Promise<Map<string, JobStatus>> {
  const cancels = await ownCancels('torque')
  const shown = pick(await qstatJobs(currentUser(), cancels), ids)
  return new Map([...shown, ...forgottenCancels(ids, shown, cancels, opts.since)])
}

/** The queue; for the user's own, also the jobs pcluster cancelled in the last day that the server forgot (Torque 4). */
export async function queue(filter: { user: string | undefined }): Promise<JobStatus[]> {
  const cancels = await ownCancels('torque')
  const jobs = await qstatJobs(filter.user, cancels)
  if (filter.user !== currentUser()) return jobs
  const since = new Date(Date.now() - 86400_000)
  const gone = recentLedgerIds('torque', since).filter((id) => !jobs.some((j) => sameJob(j.id, id)))
  return [...jobs, ...forgottenCancels(gone, new Map(), cancels, since).values()]
}

/** Pending and running jobs of the user; jobs that will never run do not count. */
export async function activeCount(user: string): Promise<number> {
  return (await qstatJobs(user)).filter((j) => isActive(j.state)).length
}
