// Running qstat, for Torque and PBS Pro alike: one bound on how long it may take, and its refusal read as a
// passing failure (the server retried itself), so that wait keeps the states it had and asks again.
import { runCommand, type CommandResult } from '../../core/exec.js'
import { TransientError } from '../../core/errors.js'

export const runQstat = (argv: string[]): Promise<CommandResult> => runCommand(argv, { timeoutMs: 60_000 })

/**
 * qstat's answer. A non-zero exit is a TransientError, except those in `partial`, with which qstat still answers
 * for the other ids (PBS Pro's unknown or finished id).
 */
export function qstatAnswer(res: CommandResult, argv: string[], partial: ReadonlySet<number> = new Set()): string {
  if (res.exitCode !== 0 && !(res.exitCode !== null && partial.has(res.exitCode))) {
    const why = res.error === 'not_found' ? 'qstat is not on PATH'
      : res.error === 'timed_out' ? 'qstat did not answer within 60 s'
      : `qstat exited ${res.exitCode ?? res.signal}: ${res.stderr.trim().split('\n').pop() ?? ''}`
    throw new TransientError(why, { argv })
  }
  return res.stdout
}
