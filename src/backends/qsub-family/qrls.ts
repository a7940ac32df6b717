// Releases held jobs with qrls (many ids, one call), on Torque and PBS Pro alike: it takes the user hold that
// `qsub -h` set, is silent on success, and names an unknown id as qdel does (Torque `nonexistent job id`,
// PBS Pro `Unknown Job Id`).
import { runCommand } from '../../core/exec.js'
import { SchedulerError } from '../../core/errors.js'
import type { ReleaseResult } from '../types.js'
import { sameJob } from './ids.js'

const UNKNOWN = /nonexistent job id|Unknown Job Id/i

export function parseQrls(stderr: string, asked: readonly string[]): ReleaseResult & { other: string[] } {
  const out: ReleaseResult & { other: string[] } = { unknown: [], other: [] }
  for (const line of stderr.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const id = asked.find((a) => sameJob(a, line.split(/\s+/).pop() ?? ''))
    if (UNKNOWN.test(line) && id) out.unknown.push(id)
    else out.other.push(line.replace(/^qrls:\s*/, ''))
  }
  return out
}

export async function qrls(ids: readonly string[]): Promise<ReleaseResult> {
  if (!ids.length) return { unknown: [] }
  const argv = ['qrls', ...ids]
  const res = await runCommand(argv, { timeoutMs: 60_000 })
  const { unknown, other } = parseQrls(res.stderr, ids)
  if (res.error || other.length || (res.exitCode !== 0 && !unknown.length))
    throw new SchedulerError('RELEASE_FAILED', `qrls failed: ${other.join('; ') || res.stderr.trim() || res.error}`, {
      argv, stderr: res.stderr, commandExitCode: res.exitCode,
    })
  return { unknown }
}
