// One normalized state model for every backend, and what each state means for `wait` and exit codes.

/** What a job id may look like on any backend (1234, 1234_5 for an array task, 12.server on Torque). */
export const JOB_ID = /^[A-Za-z0-9_.[\]-]+$/

export type JobState =
  | 'pending' | 'held' | 'running' | 'completing'
  | 'completed' | 'failed' | 'cancelled' | 'timeout' | 'out_of_memory' | 'node_fail'
  | 'dependency_never_satisfied' | 'unknown'

export const JOB_STATES: readonly JobState[] = [
  'pending', 'held', 'running', 'completing', 'completed', 'failed', 'cancelled', 'timeout', 'out_of_memory',
  'node_fail', 'dependency_never_satisfied', 'unknown',
]

/** States after which a job will never run (again) by itself. */
const FINAL = new Set<JobState>([
  'completed', 'failed', 'cancelled', 'timeout', 'out_of_memory', 'node_fail', 'dependency_never_satisfied', 'unknown',
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
  id: string
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
}

/** One line saying why a job did not succeed, for `wait`. */
export function describeFailure(s: JobStatus): string {
  const code = s.exitCode !== null ? ` (exit ${s.exitCode}${s.signal ? `, signal ${s.signal}` : ''})` : ''
  switch (s.state) {
    case 'failed': return s.exitCode !== null ? `failed with exit code ${s.exitCode}${s.signal ? ` (signal ${s.signal})` : ''}` : 'failed'
    case 'timeout': return `hit its time limit${code}`
    case 'out_of_memory': return `ran out of memory${code}`
    case 'cancelled': return `was cancelled${s.reason && s.reason !== 'None' ? ` (${s.reason})` : ''}`
    case 'node_fail': return `lost its node${code}`
    case 'dependency_never_satisfied':
      return `will never run: ${s.blockedBy ? `job ${s.blockedBy}, which it depends on,` : 'a job it depends on'} did not succeed`
    case 'unknown': return 'left the scheduler with no record of how it ended'
    default: return `is ${s.state}`
  }
}
