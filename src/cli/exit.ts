// The one table from outcomes to exit codes, for every subcommand (documented in --help, the man page and
// the README). Subcommands return an intent from here; only main.ts sets process.exitCode.
import type { JobStatus } from '../core/states.js'

export const EXIT = {
  /** Everything asked for happened: every job completed with exit 0. */
  ok: 0,
  /**
   * A job failed (non-zero exit, timeout, out of memory, cancelled, never runnable), the scheduler refused,
   * or what was asked about is not so (`local status`: the daemon is not running; `clean`: a file could not go).
   */
  failed: 1,
  /** Bad usage: nothing was written or submitted. */
  usage: 2,
  /** A job's end is unknown: it left the scheduler with no record. */
  unknown: 3,
  /** `wait --timeout`: the time ran out before every job ended (the jobs are left as they are), as timeout(1). */
  timedOut: 124,
} as const

export type ExitCode = number

/** `wait`: 0 when all completed, else 1 when any failed, else 3 when any end is unknown. */
export function exitForStatuses(statuses: readonly JobStatus[]): ExitCode {
  if (statuses.some((s) => s.state !== 'completed' && s.state !== 'unknown')) return EXIT.failed
  if (statuses.some((s) => s.state === 'unknown')) return EXIT.unknown
  return EXIT.ok
}

/**
 * `submit --wait`: the job's own exit code when it ran and exited non-zero (as `srun` does, so that
 * `pcluster submit --wait CMD || ...` sees CMD's code); otherwise the `wait` rule (a timeout, cancel or
 * never-runnable job with no code of its own is 1, an unknown end 3).
 */
export function exitForSubmitWait(s: JobStatus): ExitCode {
  if (s.state === 'completed') return EXIT.ok
  if (s.exitCode !== null && s.exitCode > 0 && s.exitCode < 256) return s.exitCode
  return exitForStatuses([s])
}
