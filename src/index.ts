// The public library API: the same core the CLI uses, handed the registry of backends. Its shape is pinned by
// test/unit/api.test.ts.
import { registry } from './backends/index.js'
import { useBackends } from './core/resolver.js'
import { Queue, type WaitOptions } from './core/queue.js'
import type { JobStatus } from './core/states.js'

useBackends(registry)

export { Job, submit, submitFile, commandFromArgv, type JobSettings, type SubmitSettings } from './core/job.js'
export { Queue, type WaitOptions, type WaitProgress } from './core/queue.js'
export { planClean, runClean, type CleanPlan } from './core/clean.js'
export { loadConfig, setProfile, deleteProfile, resolveOptions, configPath, type Config, type Settings } from './core/config.js'
export { OPTIONS, parseMem, parseTime, formatTime, coerceOptions, type JobOptions, type RawOptions, type OptionSpec } from './core/options.js'
export { JOB_STATES, isFinal, describeFailure, type JobState, type JobStatus } from './core/states.js'
export { PclusterError, UsageError, SchedulerError, FileError, TransientError } from './core/errors.js'
export { BACKEND_NAMES, detectQType, loadBackend, pickBackend } from './backends/index.js'
export type { Backend, BackendName, ResolvedJob, JobFiles, SubmitRequest, CancelResult } from './backends/types.js'
export { VERSION } from './core/version.js'

/** A batch system's name (`slurm`, `local`): python-cluster's word for it. */
export type QType = import('./backends/types.js').BackendName

/**
 * Waits until every job has ended and returns how each ended (in the order given). Jobs may be ids or Jobs; an
 * id goes to `qtype` when given, else to the backend of a Job, else to the one detected here.
 * Never throws for a failed job: check each status's `state` (`completed` means exit 0).
 */
export async function wait(jobs: readonly (string | { id: string | undefined; backend?: { name: string } })[],
  opts: WaitOptions & { qtype?: string } = {}): Promise<JobStatus[]> {
  const named = typeof jobs[0] === 'object' ? jobs[0].backend?.name : undefined
  const ids = jobs.map((j) => (typeof j === 'string' ? j : j.id)).filter((id): id is string => !!id)
  const queue = new Queue(await registry.pick(opts.qtype ?? named))
  return queue.wait(ids, opts)
}
