// Releases held jobs with one `qrls ID...` (SGE 8.1.9, checked by hand): `modified hold of job 251` on stdout
// for each it took (nothing for a job not held), `denied: job "99999" does not exist` for an unknown one, exit 3.
import { runCommand } from '../../core/exec.js'
import { SchedulerError } from '../../core/errors.js'
import type { ReleaseResult } from '../types.js'
import { jobNumber } from './ids.js'

export function parseQrls(output: string): ReleaseResult & { other: string[] } {
  const out: ReleaseResult & { other: string[] } = { unknown: [], other: [] }
  for (const line of output.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const unknown = /^denied: job "(\d+)" does not exist/.exec(line)
    if (unknown) out.unknown.push(unknown[1]!)
    else if (!/^modified hold of job/.test(line)) out.other.push(line)
  }
  return out
}

export async function release(ids: readonly string[]): Promise<ReleaseResult> {
  if (!ids.length) return { unknown: [] }
  const argv = ['qrls', ...new Set(ids)]
  const res = await runCommand(argv, { timeoutMs: 60_000 })
  const { unknown, other } = parseQrls(`${res.stdout}\n${res.stderr}`)
  if (res.error || other.length)
    throw new SchedulerError('RELEASE_FAILED', `qrls failed: ${other.join('; ') || res.error}`, { argv, stderr: res.stderr, commandExitCode: res.exitCode })
  return { unknown: ids.filter((id) => unknown.includes(jobNumber(id))) }
}
