// The public library API: the same core the CLI uses, handed the registry of backends; python-cluster's API in
// camelCase (submit, Job, Queue, wait, clean, options and config helpers, run.py's helpers). Its shape is
// pinned by test/unit/api.test.ts.
import { createInterface } from 'node:readline/promises'
import { detectQType, registry } from './backends/index.js'
import { planClean, runClean } from './core/clean.js'
import { UsageError } from './core/errors.js'
import { Job } from './core/job.js'
import { groupJobIds, type PlacedGroup } from './core/jobrefs.js'
import { jobIds, type JobRef } from './core/keywords.js'
import { Queue, type WaitOptions } from './core/queue.js'
import { useBackends } from './core/resolver.js'
import type { JobStatus } from './core/states.js'

useBackends(registry)

export {
  Job, submit, submitFile, makeJob, makeJobFile, clean, commandFromArgv,
  type JobInit, type JobResult, type JobScript, type JobTarget, type JobSettings, type SubmitSettings, type FunctionSettings, type SubmittedScript, type DryRun,
} from './core/job.js'
export type { FunctionRef, ShippedFunction } from './core/functionjob.js'
export { checkArguments, type Keywords, type JobRef } from './core/keywords.js'
export { Queue, type QueueInit, type WaitOptions, type WaitProgress } from './core/queue.js'
export { planClean, runClean, type CleanPlan } from './core/clean.js'
export { loadConfig, resolveOptions, configPath, type Config, type Settings } from './core/config.js'
export { getOption, setOption, deleteOption, getProfile, setProfile, deleteProfile } from './core/configoptions.js'
export { optionHelp, optionToString, optionsToString, type OptionHelpRow } from './optionhelp.js'
export { OPTIONS, parseMem, parseTime, formatTime, coerceOptions, type JobOptions, type RawOptions, type OptionSpec } from './core/options.js'
export { JOB_STATES, isFinal, describeFailure, type JobState, type JobStatus } from './core/states.js'
export { PclusterError, UsageError, SchedulerError, FileError, TransientError, RemoteError, type RemoteFailure } from './core/errors.js'
export { cmd, which, type CmdResult } from './core/run.js'
export { openZipped, splitFile } from './core/textfiles.js'
export { BACKEND_NAMES, detectQType, loadBackend, pickBackend } from './backends/index.js'
export type { Backend, BackendName, ResolvedJob, JobFiles, SubmitRequest, CancelResult } from './backends/types.js'
export { VERSION } from './core/version.js'
export { LOG_LEVELS, getLogLevel, setLogLevel, useLog, type LogLevel, type LogSink } from './core/log.js'

/** A batch system's name (`slurm`, `local`): python-cluster's word for it. */
export type QType = import('./backends/types.js').BackendName

/**
 * The batch system pcluster would use here (python-cluster's get_cluster_environment): `PCLUSTER_QTYPE`, else
 * the first found of Slurm, Grid Engine, Torque, PBS Pro, else `local`.
 */
export async function getClusterEnvironment(): Promise<QType> {
  return detectQType()
}

/**
 * Waits until every job has ended and returns how each ended, in the order given (python-cluster's wait(jobs)).
 * Takes a Job, an id, or an array of both; a Job is waited on its own batch system; an id on `qtype` when given,
 * else on the system pcluster submitted it to (its record, kept after clean until [jobs] keep_days), else on the
 * system of the first Job among them, else on the one detected here: the rule `pcluster wait` follows. One status
 * call per poll per system, whatever the number of jobs. Never throws for a failed job: check each status's
 * `state` (`completed` means exit 0).
 * @throws UsageError for a malformed id, an id pcluster submitted to two systems, or an id pcluster never
 *   submitted that the system knows as another user's job.
 */
export async function wait(jobs: JobRef | readonly JobRef[], opts: WaitOptions & { qtype?: string } = {}): Promise<JobStatus[]> {
  const list: readonly JobRef[] = Array.isArray(jobs) ? jobs : [jobs as JobRef]
  const firstJob = list.find((j): j is Job => j instanceof Job)
  const byJob = new Map<string, PlacedGroup>() // Jobs, by the system each knows it is on
  const typed: { id: string; at: number }[] = []
  let count = 0 // a string may hold several ids ('1,2'): one status each
  for (const j of list) {
    for (const id of jobIds(j, 'a job to wait on')) {
      const at = count++
      if (!(j instanceof Job)) { typed.push({ id, at }); continue }
      const backend = await registry.pick(j.qtype || undefined)
      const g = byJob.get(backend.name) ?? { backend, ids: [], at: [] }
      g.ids.push(id)
      g.at.push(at)
      byJob.set(backend.name, g)
    }
  }
  const byId = typed.length ? await groupJobIds(typed.map((t) => t.id), {
    ...(opts.qtype ? { qtype: opts.qtype } : {}), ...(firstJob?.qtype ? { fallback: firstJob.qtype } : {}),
  }) : []
  const groups = new Map(byJob)
  for (const g of byId) {
    const into = groups.get(g.backend.name) ?? { backend: g.backend, ids: [], at: [] }
    g.ids.forEach((id, k) => { into.ids.push(id); into.at.push(typed[g.at[k]!]!.at) })
    groups.set(g.backend.name, into)
  }
  const out: JobStatus[] = new Array(count)
  await Promise.all([...groups.values()].map(async (g) => {
    const statuses = await new Queue(g.backend).wait(g.ids, opts)
    statuses.forEach((s, k) => (out[g.at[k]!] = s))
  }))
  return out
}

/**
 * Deletes the job files pcluster wrote in `dir` (python-cluster's clean_dir): only what its manifest lists, never
 * the files of a job still pending or running; `suffix` and `qtype` narrow it; `deleteOutputs` takes outputs you
 * named (--outfile) too. `confirm: true` asks on the terminal first (refused where there is none: pass a
 * function, or false); a function is shown the files and decides. Returns the files deleted.
 */
export async function cleanDir(dir = '.', opts: { suffix?: string; qtype?: string; deleteOutputs?: boolean
  confirm?: boolean | ((files: string[]) => boolean | Promise<boolean>) } = {}): Promise<string[]> {
  const plan = await planClean(dir, { ...(opts.suffix ? { suffix: opts.suffix } : {}), ...(opts.qtype ? { qtype: opts.qtype } : {}), outputs: !!opts.deleteOutputs })
  const files = plan.jobs.flatMap((j) => j.files)
  if (!files.length) return []
  if (typeof opts.confirm === 'function' ? !(await opts.confirm(files)) : opts.confirm && !(await ask(files))) return []
  return (await runClean(plan)).deleted
}

async function ask(files: string[]): Promise<boolean> {
  if (!process.stdin.isTTY)
    throw new UsageError('NO_TERMINAL', 'cleanDir was asked to confirm, and there is no terminal to ask on', { hint: 'pass confirm: false, or a function that decides' })
  const rl = createInterface({ input: process.stdin, output: process.stderr })
  try {
    return /^y(es)?$/i.test((await rl.question(`${files.join('\n')}\ndelete these ${files.length} files? [y/N] `)).trim())
  } finally {
    rl.close()
  }
}
