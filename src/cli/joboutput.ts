// `pcluster output ID`: a job's stdout (stderr with --err) from the file pcluster recorded for it in its ledger,
// found by the id -> system rule of wait and cancel; --follow writes it as it grows until the job ends.
import { PclusterError } from '../core/errors.js'
import { FileTail } from '../core/filetail.js'
import { recallJobs } from '../core/ledger.js'
import { Queue } from '../core/queue.js'
import { exitForStatuses, EXIT, type ExitCode } from './exit.js'
import { copyTail, followJob } from './follow.js'
import { resolveJobIds } from './jobids.js'
import { stdout, warn } from './output.js'

export async function run(id: string, flags: Record<string, unknown>): Promise<ExitCode> {
  const [group] = await resolveJobIds([id], 'output', flags.qtype as string | undefined)
  const { backend, ids: [jobId] } = group!
  const which = flags.err ? 'stderr' : 'stdout'
  const entry = (await recallJobs(backend, [jobId!])).get(jobId!)
  if (!entry)
    throw new PclusterError('NO_RECORD', `no record of ${backend.title} job ${jobId}: pcluster does not know where its ${which} went`, {
      hint: 'output reads the files of jobs pcluster submitted from this account, for [jobs] keep_days days (pcluster queue lists them)',
    })
  const path = flags.err ? entry.err : entry.out
  if (entry.cleanedAt)
    throw new PclusterError('CLEANED', `the ${which} of job ${jobId} (${path}) was deleted by pcluster clean on ${entry.cleanedAt.slice(0, 16).replace('T', ' ')} UTC`)
  if (!path) throw new PclusterError('NO_RECORD', `pcluster's record of job ${jobId} does not say where its ${which} went`)
  const { existsSync } = await import('node:fs')
  if (flags.follow) {
    const status = await followJob(backend, jobId!, [{ path, to: 'stdout' }])
    const code = exitForStatuses([status])
    if (existsSync(path)) return code
    warn(`pcluster: job ${jobId} ended (${status.state}) with no ${which} file at ${path}`)
    return code === EXIT.ok ? EXIT.failed : code
  }
  if (existsSync(path)) {
    await copyTail(new FileTail(path), stdout())
    return EXIT.ok
  }
  const status = (await new Queue(backend).statuses([jobId!])).get(jobId!)
  const state = status?.state ?? 'unknown'
  const notYet = state === 'pending' || state === 'held'
  throw new PclusterError(notYet ? 'NOT_WRITTEN_YET' : 'NO_OUTPUT_FILE', notYet
    ? `job ${jobId} has not written its ${which} yet: it is ${state} (it goes to ${path})`
    : `job ${jobId} (${state}) has no ${which} file at ${path}: it was never written, or was moved or deleted since`, {
    hint: notYet ? `pcluster output --follow ${jobId} waits for it` : 'pcluster clean deletes it only when asked; check the job wrote where it was told',
  })
}
