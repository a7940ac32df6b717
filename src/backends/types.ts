// The one interface every batch system plugs into. The core never builds a scheduler command line itself:
// it renders, submits, asks status and cancels only through a Backend.
import type { JobOptions, QType } from '../core/options.js'
import type { JobStatus } from '../core/states.js'

export type BackendName = QType

/** The files of one job, absolute paths. */
export interface JobFiles {
  /** The folder the files are written to (filedir). */
  dir: string
  script: string
  out: string
  err: string
  /** The end record the job script writes itself: exit code, start and end time. */
  end: string
}

/** A job ready to be rendered: options resolved and coerced, file names chosen. */
export interface ResolvedJob {
  /** The job name as the user gave it (any printable text). */
  name: string
  /** Shell text run by the job. */
  command: string
  options: JobOptions
  files: JobFiles
}

export interface SubmitRequest {
  script: string
  /** The job as pcluster rendered it; absent for submit-file (a script as it is). */
  job?: ResolvedJob
  /** Job ids this one runs after (afterok). */
  depends: readonly string[]
  /** Working directory of the submitting process (where relative paths in a script resolve). */
  cwd?: string
}

export interface QueueFilter {
  /** A user name, or undefined for every user. */
  user: string | undefined
}

export interface Backend {
  readonly name: BackendName
  /** File extension of job scripts, without the suffix (`sbatch` gives NAME.cluster.sbatch). */
  readonly scriptExtension: string
  /** Whether this batch system can be used from here. */
  detect(): Promise<boolean>
  /** Pure: the job script's text. */
  renderScript(job: ResolvedJob): string
  /** The exact argv `submit` would run, for --dry-run. */
  submitArgv(req: SubmitRequest): string[]
  /** Submits, returns the job id; throws SchedulerError with the scheduler's own reason. */
  submit(req: SubmitRequest): Promise<string>
  /**
   * The scheduler's word on many jobs in one or two calls. Answers every id it knows; an id absent from the
   * answer is one the scheduler has no record of (yet). Throws TransientError when it could not ask.
   */
  status(ids: readonly string[], opts?: { since?: Date }): Promise<Map<string, JobStatus>>
  /** Jobs in the queue (and recently finished), for `pcluster queue`. */
  queue(filter: QueueFilter): Promise<JobStatus[]>
  /** How many of the user's jobs are pending or running (for max_queue_len). */
  activeCount(user: string): Promise<number>
  cancel(ids: readonly string[]): Promise<void>
  /** Optional: readies the backend for this job before anything is asked (the local queue: --threads). */
  prepare?(job: ResolvedJob): Promise<void>
  /**
   * Optional: a backend that can push state changes (the local queue) waits without polling. Calls onState
   * for each change and resolves with the final statuses once every job has ended.
   */
  watch?(ids: readonly string[], onState: (s: JobStatus) => void): Promise<Map<string, JobStatus>>
}
