// Job status from PBS Pro: `qstat -f -F json -x ID...` for the ids asked (-x adds finished jobs when the
// server keeps history, job_history_enable; without it a finished job is unknown, exit 153, and its end
// record tells how it ended); `qstat -f -F json` for the queue. A JSON answer broken by environment values
// is read again as `qstat -f` text (qstatjson.ts).
import { runCommand } from '../../core/exec.js'
import { TransientError } from '../../core/errors.js'
import { isActive, type JobStatus } from '../../core/states.js'
import { currentUser } from '../../core/user.js'
import { recentLedgerIds, sameJob } from '../torque/ids.js'
import { markBrokenChains, pick } from '../torque/jobstatus.js'
import { parseQstatF } from '../torque/records.js'
import { parseQstatJson } from './qstatjson.js'
import { pbsproStatus } from './states.js'

/** 153 unknown id, 35 finished without -x (PBSE_UNKJOBID, PBSE_HISTJOBID & 0xff): the other ids are still answered. */
const PARTIAL = new Set([153, 35])

async function ask(argv: string[]): Promise<string> {
  const res = await runCommand(argv, { timeoutMs: 60_000 })
  if (res.exitCode !== 0 && !(res.exitCode !== null && PARTIAL.has(res.exitCode))) {
    const why = res.error === 'not_found' ? 'qstat is not on PATH'
      : res.error === 'timed_out' ? 'qstat did not answer within 60 s'
      : `qstat exited ${res.exitCode ?? res.signal}: ${res.stderr.trim().split('\n').pop() ?? ''}`
    throw new TransientError(why, { argv })
  }
  return res.stdout
}

async function qstat(args: readonly string[]): Promise<JobStatus[]> {
  const json = parseQstatJson(await ask(['qstat', '-f', '-F', 'json', ...args]))
  const records = json ?? parseQstatF(await ask(['qstat', '-f', ...args]))
  return markBrokenChains(records.map(pbsproStatus))
}

export async function status(ids: readonly string[]): Promise<Map<string, JobStatus>> {
  if (!ids.length) return new Map()
  return pick(await qstat(['-x', ...ids]), ids)
}

/** Live jobs (PBS Pro's -u does not go with -f): filtered by owner here. */
async function live(user: string | undefined): Promise<JobStatus[]> {
  const jobs = await qstat([])
  return user ? jobs.filter((j) => j.user === user) : jobs
}

/**
 * Live jobs, plus the history of the user's own jobs that pcluster submitted in the last day and that have
 * left the live list: `-x` over every job would read the whole server's history (two weeks by default),
 * which ERT found too heavy (equinor/ert issue #7368).
 */
export async function queue(filter: { user: string | undefined }): Promise<JobStatus[]> {
  const jobs = await live(filter.user)
  if (filter.user !== currentUser()) return jobs
  const gone = recentLedgerIds('pbspro', new Date(Date.now() - 86400_000)).filter((id) => !jobs.some((j) => sameJob(j.id, id)))
  return gone.length ? [...jobs, ...(await status(gone)).values()] : jobs
}

export async function activeCount(user: string): Promise<number> {
  return (await live(user)).filter((j) => isActive(j.state)).length
}
