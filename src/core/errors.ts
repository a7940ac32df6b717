// Typed errors: every error pcluster raises carries a stable code, the exit code the CLI uses and a hint.

/** Base of every error pcluster throws. Only the CLI's entry point prints these and sets the exit code. */
export class PclusterError extends Error {
  readonly code: string
  readonly exitCode: number
  readonly hint: string | undefined
  /** Asking again cannot help (the user stopped the system on purpose): waiting gives up at once instead of retrying. */
  readonly final: boolean

  constructor(code: string, message: string, opts: { exitCode?: number; hint?: string; final?: boolean } = {}) {
    super(message)
    this.name = new.target.name
    this.code = code
    this.exitCode = opts.exitCode ?? 1
    this.hint = opts.hint
    this.final = opts.final ?? false
  }
}

/** Bad input from the user: exit 2, and nothing was written or submitted. */
export class UsageError extends PclusterError {
  constructor(code: string, message: string, opts: { hint?: string } = {}) {
    super(code, message, { exitCode: 2, hint: opts.hint })
  }
}

/** A batch system refused or failed a command: exit 1, with the command, its exit code and its own words. */
export class SchedulerError extends PclusterError {
  readonly argv: readonly string[]
  readonly stderr: string
  readonly commandExitCode: number | null

  constructor(
    code: string,
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
  constructor(code: string, message: string, opts: { path: string; hint?: string; exitCode?: number }) {
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
export const OUTCOME_UNKNOWN: ReadonlySet<string> = new Set(['SUBMIT_UNKNOWN'])

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
