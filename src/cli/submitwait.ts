// `submit --wait` and `submit-file --wait`: on a terminal (stdout a TTY, no --parsable/--json), the job's stdout
// and stderr written as they grow, as srun does; in a pipe, where stdout is the submit's own line or the id,
// only the wait's progress on stderr. Loaded only with --wait.
import type { Backend } from '../backends/types.js'
import type { JobStatus } from '../core/states.js'
import { followJob, type Stream } from './follow.js'
import { finish } from './wait.js'

export async function waitForSubmitted(backend: Backend, id: string, files: { out?: string; err?: string }, flags: Record<string, unknown>): Promise<JobStatus> {
  if (process.stdout.isTTY && !flags.parsable && !flags.json) {
    const streams: Stream[] = []
    if (files.out) streams.push({ path: files.out, to: 'stdout' })
    if (files.err) streams.push({ path: files.err, to: 'stderr' })
    return followJob(backend, id, streams)
  }
  const [status] = await finish([{ backend, ids: [id] }], { quiet: !!flags.parsable || !!flags.json })
  return status!
}
