// How a batch system's command result reads, the same for every command-line backend: a query's output, or why
// there was none (a passing failure: asked again with back-off, never taken as a job's end); a submit's job id,
// or why there is none (refused, or not known whether the job was queued). Each backend brings its own words:
// how its id reads, its reason line, the answers that may hide a queued job.
import { runCommand, type CommandResult } from './exec.js'
import { SchedulerError, TransientError, type ErrorCode } from './errors.js'

/** How long a status query may take before it counts as a passing failure. */
export const QUERY_TIMEOUT_MS = 60_000
/** How long a submit may take: past it, whether the job was queued is not known. */
export const SUBMIT_TIMEOUT_MS = 120_000

/** Runs a status query within QUERY_TIMEOUT_MS. */
export function runQuery(argv: readonly string[]): Promise<CommandResult> {
  return runCommand(argv, { timeoutMs: QUERY_TIMEOUT_MS })
}

/**
 * A query's stdout, or a TransientError saying why there is none: the command missing or too slow, or its exit
 * and last words. `partial`: exit codes with which the command still answered for the rest (an unknown id
 * among known ones); `said`: the words quoted, its stderr unless given.
 */
export function queryAnswer(res: CommandResult, opts: { partial?: ReadonlySet<number>; said?: string } = {}): string {
  if (res.exitCode === 0 || (res.exitCode !== null && opts.partial?.has(res.exitCode))) return res.stdout
  const name = res.argv[0]
  const why = res.error === 'not_found' ? `${name} is not on PATH`
    : res.error === 'timed_out' ? `${name} did not answer within ${QUERY_TIMEOUT_MS / 1000} s`
    : `${name} exited ${res.exitCode ?? res.signal}: ${(opts.said ?? res.stderr).trim().split('\n').pop() ?? ''}`
  throw new TransientError(why, { argv: res.argv })
}

/** A backend's words for reading its submit command's result. */
export interface SubmitReading {
  /** The code and hint when the command is not on PATH. */
  missing: { code: ErrorCode; hint: string }
  /** The job id in the command's stdout, or undefined. */
  parseId: (stdout: string) => string | undefined
  /** The system's reason for a refusal, in one line. */
  reason: (res: CommandResult) => string
  /** Whether the answer says the server may have queued the job all the same (it timed out mid-answer). */
  unsure?: (res: CommandResult) => boolean
  /** Another answer that may hide a queued job (killed, or failed without a word), in the system's words. */
  unknown?: (res: CommandResult) => string | undefined
  /** The hint when whether the job was queued is not known, if the system has a better one than checking the queue. */
  unknownHint?: string
  /** How long the command was given (ms), as the message says it: SUBMIT_TIMEOUT_MS unless given. */
  timeoutMs?: number
  /** A refusal the system can explain better: the error to throw instead of SUBMIT_REFUSED. */
  explain?: (res: CommandResult) => Promise<SchedulerError | undefined>
  /** A hint for a refusal, from its reason. */
  hint?: (res: CommandResult, reason: string) => string | undefined
}

/**
 * The job id a submit printed. Else a SchedulerError: SUBMIT_UNKNOWN where the job may have been queued all the
 * same (no answer within SUBMIT_TIMEOUT_MS, an unsure answer, an exit 0 without an id), else SUBMIT_REFUSED
 * with the system's reason.
 */
export async function submittedId(res: CommandResult, how: SubmitReading): Promise<string> {
  const { argv } = res
  const name = argv[0]
  if (res.error === 'not_found') throw new SchedulerError(how.missing.code, `${name} is not on PATH`, { argv, hint: how.missing.hint })
  const id = res.exitCode === 0 ? how.parseId(res.stdout) : undefined
  const unsure = how.unsure?.(res) ?? false
  const unknown = unsure ? undefined : how.unknown?.(res)
  if (res.error === 'timed_out' || unsure || unknown !== undefined || (res.exitCode === 0 && id === undefined))
    throw new SchedulerError('SUBMIT_UNKNOWN', res.error === 'timed_out' ? `${name} did not answer within ${(how.timeoutMs ?? SUBMIT_TIMEOUT_MS) / 1000} s`
      : unsure ? `${name} failed, but perhaps after queuing the job: ${how.reason(res)}`
      : unknown ?? `${name} answered ${JSON.stringify(res.stdout.trim())} instead of a job id`, {
      argv, stderr: res.stderr, commandExitCode: res.exitCode,
      hint: how.unknownHint ?? 'the job may have been queued all the same: check pcluster queue before submitting it again',
    })
  if (id !== undefined) return id
  const explained = await how.explain?.(res)
  if (explained) throw explained
  const reason = how.reason(res)
  const hint = how.hint?.(res, reason)
  throw new SchedulerError('SUBMIT_REFUSED', `${name} refused the job: ${reason}`, {
    argv, stderr: res.stderr, commandExitCode: res.exitCode, ...(hint ? { hint } : {}),
  })
}
