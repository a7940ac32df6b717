// Submits a script with `sbatch --parsable` and reads the job id; sbatch's refusals become SchedulerErrors.
import { SUBMIT_TIMEOUT_MS, submittedId } from '../../core/commandresults.js'
import { runCommand } from '../../core/exec.js'
import { groupDependencies } from '../../core/dependencies.js'
import type { JobOptions } from '../../core/options.js'
import { renderTable } from '../table.js'
import type { SubmitRequest } from '../types.js'
import { DIRECTIVES } from './directives.js'
import { words } from './script-directives.js'
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

export async function submit(req: SubmitRequest): Promise<string> {
  const argv = submitArgv(req)
  const res = await runCommand(argv, { cwd: req.cwd, timeoutMs: SUBMIT_TIMEOUT_MS })
  const unconfigured = res.exitCode !== 0 ? notConfigured(argv, res.stderr) : undefined
  if (unconfigured) throw unconfigured
  return submittedId(res, {
    missing: { code: 'NO_SBATCH', hint: 'is Slurm installed here? try --qtype local' },
    parseId: parseSbatchParsable,
    reason: (r) => sbatchReason(r.stderr),
    // a controller that timed out may have queued the job all the same (slurm's "Socket timed out on send/recv")
    unsure: (r) => /timed out|Zero Bytes were transmitted/i.test(r.stderr),
  })
}
