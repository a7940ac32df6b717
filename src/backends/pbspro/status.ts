// Job status from PBS Pro: `qstat -f -F json -x ID...` for the ids asked (-x adds finished jobs when the
// server keeps history, job_history_enable; without it a finished job is unknown, exit 153, and its end
// record tells how it ended); `qstat -f -F json` for the queue. A server whose qstat has no `-F` (PBS Pro
// before 18.1: openpbs commit ded681d, PP-483) and a JSON answer broken by environment values are read as
// `qstat -f` text instead (../qsub-family/records.ts).
import { queryAnswer, runQuery as run } from '../../core/commandresults.js'
import type { CommandResult } from '../../core/exec.js'
import { isActive, type JobStatus } from '../../core/states.js'
import { currentUser } from '../../core/user.js'
import { forgottenCancels, markOwnCancels } from '../qsub-family/cancelled.js'
import { ownCancels } from '../qsub-family/cancelrecords.js'
import { recentLedgerIds, sameJob } from '../qsub-family/ids.js'
import { markBrokenChains, pick } from '../qsub-family/jobstatus.js'
import { parseQstatF, type JobRecord } from '../qsub-family/records.js'
import { parseQstatJson } from './qstatjson.js'
import { pbsproStatus } from './states.js'

/** 153 unknown id, 35 finished without -x (PBSE_UNKJOBID, PBSE_HISTJOBID & 0xff): the other ids are still answered. */
const PARTIAL = new Set([153, 35])

const answer = (res: CommandResult) => queryAnswer(res, { partial: PARTIAL })

/**
 * qstat refusing `-F` itself, as getopt does on PBS Pro 14 (`qstat: invalid option -- 'F'`, then the usage
 * without `-F format`, exit 2; openpbs v14.1.0 qstat.c): not a passing failure, so it is not asked again.
 */
export function refusesJson(res: Pick<CommandResult, 'exitCode' | 'stderr'>): boolean {
  return res.exitCode === 2 && /(invalid|illegal|unknown) option.*F|^usage:/im.test(res.stderr) && !/-F format/.test(res.stderr)
}

/** Whether this process found that the server's qstat has no JSON. */
let textOnly = false

/** Every job record in qstat's answer to these arguments: JSON where the server has it, else text. */
export async function qstatRecords(args: readonly string[]): Promise<JobRecord[]> {
  if (!textOnly) {
    const res = await run(['qstat', '-f', '-F', 'json', ...args])
    if (refusesJson(res)) textOnly = true
    else {
      const json = parseQstatJson(answer(res))
      if (json) return json
    }
  }
  return parseQstatF(answer(await run(['qstat', '-f', ...args])))
}

async function qstat(args: readonly string[], cancels: Map<string, number>): Promise<JobStatus[]> {
  const records = await qstatRecords(args)
  return markBrokenChains(markOwnCancels(records, records.map(pbsproStatus), cancels))
}

export async function status(ids: readonly string[], opts: { since?: Date } = {}): Promise<Map<string, JobStatus>> {
  if (!ids.length) return new Map()
  const cancels = await ownCancels('pbspro')
  const shown = pick(await qstat(['-x', ...ids], cancels), ids)
  return new Map([...shown, ...forgottenCancels(ids, shown, cancels, opts.since)])
}

/** Live jobs (PBS Pro's -u does not go with -f): filtered by owner here. */
async function live(user: string | undefined): Promise<JobStatus[]> {
  const jobs = await qstat([], await ownCancels('pbspro'))
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
