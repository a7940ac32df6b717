// The public library API: the same core the CLI uses.
export { Job, submit, submitFile, commandFromArgv, type JobSettings, type SubmitSettings } from './core/job.js'
export { Queue, type WaitOptions, type WaitProgress } from './core/queue.js'
export { planClean, runClean, type CleanPlan } from './core/clean.js'
export { loadConfig, setProfile, deleteProfile, resolveOptions, configPath, type Config, type Settings } from './core/config.js'
export { OPTIONS, parseMem, parseTime, formatTime, coerceOptions, type JobOptions, type RawOptions, type QType, type OptionSpec } from './core/options.js'
export { JOB_STATES, isFinal, describeFailure, type JobState, type JobStatus } from './core/states.js'
export { PclusterError, UsageError, SchedulerError, FileError, TransientError } from './core/errors.js'
export { detectQType, loadBackend } from './backends/index.js'
export type { Backend, ResolvedJob, JobFiles, SubmitRequest } from './backends/types.js'
export { VERSION } from './core/version.js'

import { detectQType, loadBackend } from './backends/index.js'
import { Queue, type WaitOptions } from './core/queue.js'
import type { JobStatus } from './core/states.js'
import type { QType } from './core/options.js'

/**
 * Waits until every job has ended and returns how each ended (in the order given). Jobs may be ids or Jobs.
 * Never throws for a failed job: check each status's `state` (`completed` means exit 0).
 */
export async function wait(jobs: readonly (string | { id: string | undefined })[], opts: WaitOptions & { qtype?: QType | string } = {}): Promise<JobStatus[]> {
  const ids = jobs.map((j) => (typeof j === 'string' ? j : j.id)).filter((id): id is string => !!id)
  const queue = new Queue(await loadBackend(await detectQType(opts.qtype)))
  return queue.wait(ids, opts)
}
