// Typed errors: every error pcluster raises carries a stable code, the exit code the CLI uses and a hint.

/** Every code pcluster's errors carry: one written in the source that is not here does not compile. */
export type ErrorCode =
  // the user's input (UsageError, exit 2)
  | 'AMBIGUOUS_ID' | 'BAD_ARGUMENTS' | 'BAD_CONFIG' | 'BAD_CONFIG_NAME' | 'BAD_DIRECTIVE' | 'BAD_ENV' | 'BAD_PROFILE_NAME'
  | 'BAD_USAGE' | 'BAD_VALUE' | 'CONFLICTING_OPTIONS' | 'DRY_RUN_PARSABLE' | 'JOB_ACTIVE' | 'MIXED_SYSTEMS' | 'NEED_YES'
  | 'NOTHING_TO_SET' | 'NOT_FOR_SCRIPT' | 'NOT_IN_PROFILE' | 'NOT_SHIPPABLE' | 'NOT_SUBMITTED' | 'NOT_SUPPORTED'
  | 'NOT_YOUR_JOB' | 'NO_COMMAND' | 'NO_SCRIPT' | 'NO_SUCH_DIR' | 'NO_SUCH_USER' | 'NO_TERMINAL' | 'OPTION_AFTER_COMMAND'
  | 'SUBMIT_IN_FUNCTION_JOB' | 'UNKNOWN_DEPENDENCY' | 'UNKNOWN_OPTION' | 'UNKNOWN_PROFILE' | 'UNKNOWN_SETTING'
  | 'BAD_KEY' | 'KEY_AND_ONCE' | 'CHECK_REFUSED'
  // a batch system's refusal or silence (SchedulerError, TransientError)
  | 'CANCEL_FAILED' | 'NO_QSUB' | 'NO_SBATCH' | 'NO_SUCH_PE' | 'RELEASE_FAILED' | 'SCHEDULER_UNAVAILABLE'
  | 'SLURM_NOT_CONFIGURED' | 'SUBMIT_LIMIT' | 'SUBMIT_REFUSED' | 'SUBMIT_UNKNOWN'
  // files (FileError)
  | 'BAD_BZIP2' | 'CANNOT_DELETE' | 'CANNOT_LOCK' | 'CANNOT_READ' | 'CANNOT_RECORD' | 'CANNOT_WRITE' | 'CONFIG_UNREADABLE'
  | 'CONFIG_UNWRITABLE' | 'MANIFEST_UNREADABLE' | 'NO_BZIP2' | 'NO_FREE_NAME'
  // the local queue and its daemon
  | 'DAEMON_RUNNING' | 'ID_MARK' | 'LOCAL_CONNECT' | 'LOCAL_DAEMON_FAILED' | 'LOCAL_NOT_RUNNING' | 'LOCAL_NO_ANSWER'
  | 'LOCAL_STOPPED' | 'NO_GPUS' | 'PROTOCOL' | 'STORE_UNREADABLE' | 'STORE_FAILED' | 'OS_ERROR' | 'INTERNAL' | 'POLLER_CLOSED'
  // the rest: detection, locks, function jobs, output
  | 'BAD_RESULT' | 'DETECT_FAILED' | 'DETECT_TIMEOUT' | 'LOCK_TIMEOUT' | 'NO_BACKENDS' | 'NO_BACKEND_YET' | 'NO_RESULT'
  | 'NO_SUCH_JOB' | 'REMOTE_ERROR' | 'STDOUT_UNWRITABLE' | 'TOO_BIG'
  // a job's output (pcluster output)
  | 'CLEANED' | 'NOT_WRITTEN_YET' | 'NO_OUTPUT_FILE' | 'NO_RECORD'

/**
 * A code as an error is made with it: one written as a literal must be an ErrorCode; one read back as a plain
 * `string` from another pcluster process (the local daemon's answer, a detection worker's) is taken as it is.
 */
type Written<C extends string> = string extends C ? C : C extends ErrorCode ? C : never

/** Base of every error pcluster throws. Only the CLI's entry point prints these and sets the exit code. */
export class PclusterError<C extends string = ErrorCode> extends Error {
  readonly code: ErrorCode
  readonly exitCode: number
  readonly hint: string | undefined
  /** Asking again cannot help (the user stopped the system on purpose): waiting gives up at once instead of retrying. */
  readonly final: boolean

  constructor(code: C & Written<C>, message: string, opts: { exitCode?: number; hint?: string; final?: boolean } = {}) {
    super(message)
    this.name = new.target.name
    this.code = code as ErrorCode
    this.exitCode = opts.exitCode ?? 1
    this.hint = opts.hint
    this.final = opts.final ?? false
  }
}

/** Bad input from the user: exit 2, and nothing was written or submitted. */
export class UsageError<C extends string = ErrorCode> extends PclusterError<C> {
  constructor(code: C & Written<C>, message: string, opts: { hint?: string } = {}) {
    super(code, message, { exitCode: 2, hint: opts.hint })
  }
}

/** A batch system refused or failed a command: exit 1, with the command, its exit code and its own words. */
export class SchedulerError extends PclusterError {
  readonly argv: readonly string[]
  readonly stderr: string
  readonly commandExitCode: number | null

  constructor(
    code: ErrorCode,
    message: string,
    opts: { argv: readonly string[]; stderr?: string; commandExitCode?: number | null; hint?: string },
  ) {
    super(code, message, { exitCode: 1, hint: opts.hint })
    this.argv = opts.argv
    this.stderr = opts.stderr ?? ''
    this.commandExitCode = opts.commandExitCode ?? null
  }
}

/** A file pcluster needs could not be read or written (config, manifest, job files). */
export class FileError extends PclusterError {
  readonly path: string
  constructor(code: ErrorCode, message: string, opts: { path: string; hint?: string; exitCode?: number }) {
    super(code, message, { exitCode: opts.exitCode ?? 1, hint: opts.hint })
    this.path = opts.path
  }
}

/** Asking the scheduler failed for now (non-zero exit, timeout): retried with back-off, never taken as a job's end. */
export class TransientError extends PclusterError {
  readonly argv: readonly string[]
  constructor(message: string, opts: { argv: readonly string[]; hint?: string }) {
    super('SCHEDULER_UNAVAILABLE', message, { exitCode: 1, hint: opts.hint })
    this.argv = opts.argv
  }
}

/** Codes of errors after which a submission may or may not have happened: its job files are kept. */
export const OUTCOME_UNKNOWN: ReadonlySet<ErrorCode> = new Set(['SUBMIT_UNKNOWN'])

/**
 * What a function job's function threw on the node: an Error's name, message and stack and its own fields (`code`,
 * `details`, every own enumerable one, `cause`), or for a thrown non-Error (a plain object, a string) its
 * inspection as the message, its fields, and `value`, the thrown value itself. Fields that cannot be cloned arrive
 * as their inspection.
 */
export interface RemoteFailure {
  name: string
  message: string
  stack: string
  [field: string]: unknown
}

/**
 * A function job's function threw on the node: `message` is the remote error's, `remote` what was thrown (see
 * RemoteFailure), `hint` the remote error's own (a pcluster error raised on the node), `exitCode` the job's exit
 * code (not the CLI's); this error's own stack ends with the remote one.
 */
export class RemoteError extends PclusterError {
  readonly remote: RemoteFailure
  constructor(message: string, remote: RemoteFailure, opts: { exitCode?: number; hint?: string } = {}) {
    super('REMOTE_ERROR', message, { exitCode: opts.exitCode ?? 1, ...(opts.hint !== undefined ? { hint: opts.hint } : {}) })
    this.remote = remote
    this.stack = `${this.stack}\n    --- on the node ---\n${remote.stack || `${remote.name}: ${remote.message}`}`
  }
}
