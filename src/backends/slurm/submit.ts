// Submits a script with `sbatch --parsable` and reads the job id; sbatch's refusals become SchedulerErrors.
import { SUBMIT_TIMEOUT_MS, submittedId } from '../../core/commandresults.js'
import { SchedulerError } from '../../core/errors.js'
import { runCommand } from '../../core/exec.js'
import { groupDependencies } from '../../core/dependencies.js'
import type { JobOptions } from '../../core/options.js'
import { renderTable } from '../table.js'
import type { SubmitRequest } from '../types.js'
import { DIRECTIVES } from './directives.js'
import { words } from './script-directives.js'
import { keyArgv } from './keys.js'
import { notConfigured } from './status.js'

/**
 * submit-file: the options given with a script as sbatch's own command-line options, which override the script's
 * #SBATCH lines (sbatch(1): "options on the command line take precedence"): each directive as the words sbatch
 * would read from its line.
 */
export function optionArgv(options: JobOptions | undefined): string[] {
  return options ? renderTable(DIRECTIVES, options).flatMap(words) : []
}

export function submitArgv(req: SubmitRequest): string[] {
  const argv = ['sbatch', '--parsable']
  // with --kill-on-invalid-dep Slurm ends a job whose dependency failed (down the chain) instead of keeping
  // it PENDING forever against the user's limits; pcluster reports it as dependency_never_satisfied
  if (req.depends.length) {
    // sbatch's own kinds and syntax: afterok:1:2,afterany:3,singleton (a comma: all of them)
    const { groups, singleton } = groupDependencies(req.depends)
    const parts = [...groups.map(([kind, ids]) => `${kind}:${ids.join(':')}`), ...(singleton ? ['singleton'] : [])]
    argv.push(`--dependency=${parts.join(',')}`, '--kill-on-invalid-dep=yes')
  }
  // the key as the job's comment, before the options given with a script: a --comment of the user's wins
  argv.push(...keyArgv(req.key))
  // sbatch takes everything after the script's path as the script's own arguments
  argv.push(...optionArgv(req.options), req.script, ...(req.args ?? []))
  return argv
}

/** `ID` or `ID;CLUSTER` (multi-cluster sites) -> ID. */
export function parseSbatchParsable(stdout: string): string | undefined {
  const line = stdout.trim().split('\n').pop()?.trim() ?? ''
  const id = line.split(';')[0]!
  return /^\d+(_\d+)?$/.test(id) ? id : undefined
}

/** sbatch's own reasons, one line: every `sbatch: error: ...` line, the "submission failed" prefix dropped. */
export function sbatchReason(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => /error:/i.test(l))
    .map((l) => l.replace(/^sbatch:\s*error:\s*/i, '').replace(/^Batch job submission failed:\s*/i, ''))
  return [...new Set(lines)].join('; ') || stderr.trim().split('\n').pop() || 'no reason given'
}

/**
 * Slurm's reasons for refusing a job because the user (or account) has as many jobs queued as a limit allows
 * (slurm_errno.c ESLURM_ACCOUNTING_POLICY, "Job violates accounting/QOS policy (job submit limit, user's size
 * and/or time limits)", which sbatch prints after the reason: `sbatch: error: QOSMaxSubmitJobPerUserLimit`). The
 * same message with another reason (QOSMaxWallDurationPerJobLimit, QOSMinGRES) is about the job's size: no wait helps.
 */
const SUBMIT_LIMITS = /\b(AssocMaxSubmitJobLimit|AssocGrpSubmitJobsLimit|QOSMaxSubmitJobPerUserLimit|QOSMaxSubmitJobPerAccountLimit|QOSGrpSubmitJobsLimit)\b/

/** The submit-limit reason in sbatch's stderr, or undefined when it refused for another reason. */
export function submitLimit(stderr: string): string | undefined {
  return SUBMIT_LIMITS.exec(stderr)?.[1]
}

export async function submit(req: SubmitRequest): Promise<string> {
  const argv = submitArgv(req)
  const timeoutMs = req.timeoutMs ?? SUBMIT_TIMEOUT_MS
  const res = await runCommand(argv, { cwd: req.cwd, timeoutMs })
  const unconfigured = res.exitCode !== 0 ? notConfigured(argv, res.stderr) : undefined
  if (unconfigured) throw unconfigured
  return submittedId(res, {
    missing: { code: 'NO_SBATCH', hint: 'is Slurm installed here? try --qtype local' },
    parseId: parseSbatchParsable,
    reason: (r) => sbatchReason(r.stderr),
    timeoutMs,
    // a controller that timed out may have queued the job all the same (slurm's "Socket timed out on send/recv")
    unsure: (r) => /timed out|Zero Bytes were transmitted/i.test(r.stderr),
    // killed, or failed without a word of why: nothing says the job was not queued
    unknown: (r) => r.exitCode !== 0 && (r.signal !== null || !/error:/i.test(r.stderr))
      ? `sbatch ${r.signal ? `was killed (${r.signal})` : `exited ${r.exitCode}`} without saying why${r.stderr.trim() ? ` (${r.stderr.trim().split('\n').pop()})` : ''}`
      : undefined,
    unknownHint: 'the job may have been queued all the same: check pcluster queue before submitting it again (submitted with --key K or --once, pcluster looks it up itself)',
    explain: async (r) => {
      const limit = submitLimit(r.stderr)
      return limit ? new SchedulerError('SUBMIT_LIMIT', `sbatch refused the job at your submit limit (${limit})`, {
        argv, stderr: r.stderr, commandExitCode: r.exitCode,
        hint: 'wait for some of your jobs to leave the queue (pcluster queue); without --no-wait-for-limit pcluster waits for them itself',
      }) : undefined
    },
  })
}
