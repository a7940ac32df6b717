// One normalized state model for every backend, and what each state means for `wait` and exit codes.

export type JobState =
  | 'pending' | 'held' | 'running' | 'completing'
  | 'completed' | 'failed' | 'cancelled' | 'timeout' | 'out_of_memory' | 'node_fail'
  | 'dependency_never_satisfied' | 'never_runnable' | 'unknown'

export const JOB_STATES: readonly JobState[] = [
  'pending', 'held', 'running', 'completing', 'completed', 'failed', 'cancelled', 'timeout', 'out_of_memory',
  'node_fail', 'dependency_never_satisfied', 'never_runnable', 'unknown',
]

/** States after which a job will never run (again) by itself. */
const FINAL = new Set<JobState>([
  'completed', 'failed', 'cancelled', 'timeout', 'out_of_memory', 'node_fail', 'dependency_never_satisfied', 'never_runnable',
  'unknown',
])

export function isFinal(state: JobState): boolean {
  return FINAL.has(state)
}

/** Pending or running as far as max_queue_len is concerned. */
export function isActive(state: JobState): boolean {
  return !FINAL.has(state)
}

/** What pcluster knows of one job at one moment. */
export interface JobStatus {
  /** The id as the backend writes it: for one task of an array, the task's (Slurm `1234_7`). */
  id: string
  /** For one task of an array: its index (the id's task, JobIdGrammar.split); absent for a plain job. */
  task?: string
  state: JobState
  /** The scheduler's own word for the state (e.g. Slurm's `PENDING`), kept beside the normalized one. */
  rawState: string
  /** Why a job is pending, or how it ended (Slurm's reason). */
  reason: string
  name: string
  user: string
  partition: string
  nodes: string
  nodeCount: number | null
  cores: number | null
  /** The job's exit code; null while unknown. */
  exitCode: number | null
  /** Signal that ended the job, if any. */
  signal: number | null
  startedAt: string | null
  endedAt: string | null
  /** The scheduler's dependency expression while the job waits on others (Slurm's %E). */
  dependency?: string
  /** For dependency_never_satisfied: the job it waited on that did not succeed (or will never run). */
  blockedBy?: string
  /** With blockedBy: the kind of that dependency, when it is not afterok (afternotok: the parent succeeded). */
  blockedKind?: 'afternotok'
  /**
   * pcluster itself sent this job a cancel (its own record, kept by a backend whose scheduler cannot tell a
   * cancel from another kill): outcome.ts then reads a death by signal, or no word at all, as `cancelled`.
   */
  cancelRequested?: boolean
  /** The most resident memory the job's processes were seen to use, MB, where the scheduler measures it. */
  maxRssMb?: number
}

/** Reasons schedulers give that say nothing the state does not (Slurm's `None`, `NonZeroExitCode`). */
const EMPTY_REASON = /^(None|NonZeroExitCode|)$/

/** One line saying why a job did not succeed, for `wait` and `queue`: the state, the code or signal, the reason. */
export function describeFailure(s: JobStatus): string {
  const why = EMPTY_REASON.test(s.reason.trim()) ? '' : `: ${s.reason.trim()}`
  // Slurm's OUT_OF_MEMORY reads 0:125: no signal a process can get
  const sig = s.signal && s.signal <= 64 ? signalWords(s.signal) : ''
  // a job the scheduler stopped: the signal it was stopped by (a shell's 128+N where nothing else says: the end
  // record of a job Slurm stopped at its time limit reads 143), else a code of its own; never "exit 0", which
  // reads as a success (Slurm's TIMEOUT allocation line is 0:0, its batch step's 0:15)
  const shellSig = s.exitCode !== null && s.exitCode > 128 && s.exitCode <= 128 + 64 ? signalWords(s.exitCode - 128) : ''
  const stopped = sig || shellSig ? ` by ${sig || shellSig}` : s.exitCode ? ` (exit ${s.exitCode})` : ''
  switch (s.state) {
    case 'failed':
      // a job killed by a signal has no exit code of its own: Slurm shows 0:9 for `kill -9 $$`
      if (sig) return `was killed by ${sig}${why}`
      return `${s.exitCode !== null ? `failed with exit code ${s.exitCode}` : 'failed'}${why}`
    case 'timeout': return `hit its time limit and was stopped${stopped}${why}`
    case 'out_of_memory': return `ran out of memory and was stopped${stopped}${why}`
    case 'cancelled': return `was cancelled${why}`
    case 'node_fail': return `lost its node${sig ? ` and was stopped${stopped}` : stopped}${why}`
    case 'dependency_never_satisfied':
      return s.blockedKind === 'afternotok'
        ? `will never run: ${s.blockedBy ? `job ${s.blockedBy}` : 'a job it depends on'} succeeded, and it was to run only after a failure (afternotok)`
        : `will never run: ${s.blockedBy ? `job ${s.blockedBy}, which it depends on,` : 'a job it depends on'} did not succeed`
    case 'never_runnable':
      // still in the queue: the scheduler keeps it, it just never starts, and the user decides what to do with it
      return `will never run as submitted${why}; it stays queued until you cancel it (pcluster cancel ${s.id})`
    case 'unknown': return s.reason ? `is unknown: ${s.reason}` : 'left the scheduler with no record of how it ended'
    default: return `is ${s.state}${why}`
  }
}

const signalWords = (n: number) => `signal ${n}${SIGNAL_NAMES[n] ? ` (${SIGNAL_NAMES[n]})` : ''}`

/** The signals a job is usually ended by, for messages (numbers as on Linux). */
const SIGNAL_NAMES: Record<number, string> = { 1: 'SIGHUP', 2: 'SIGINT', 6: 'SIGABRT', 9: 'SIGKILL', 11: 'SIGSEGV', 15: 'SIGTERM' }
