// Releases held jobs with one `scontrol release ID...`: checked on 22.05, an unknown id is a line `Invalid job id
// specified for job ID` on stderr and exit 1 while the others are released; releasing a job not held is no error.
import { runCommand } from '../../core/exec.js'
import { SchedulerError } from '../../core/errors.js'
import type { ReleaseResult } from '../types.js'

export function parseRelease(stderr: string): ReleaseResult & { other: string[] } {
  const out: ReleaseResult & { other: string[] } = { unknown: [], other: [] }
  for (const line of stderr.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const unknown = /^Invalid job id specified for job (\S+)/.exec(line)
    if (unknown) out.unknown.push(unknown[1]!)
    else if (!/^slurm_suspend error: Invalid job id specified$/.test(line)) out.other.push(line)
  }
  return out
}

export async function release(ids: readonly string[]): Promise<ReleaseResult> {
  if (!ids.length) return { unknown: [] }
  const argv = ['scontrol', 'release', ...ids]
  const res = await runCommand(argv, { timeoutMs: 60_000 })
  const { unknown, other } = parseRelease(res.stderr)
  if (res.error || other.length || (res.exitCode !== 0 && !unknown.length))
    throw new SchedulerError('RELEASE_FAILED', `scontrol release failed: ${other.join('; ') || res.stderr.trim() || res.error}`, {
      argv, stderr: res.stderr, commandExitCode: res.exitCode,
    })
  return { unknown }
}
