// Cancels with `scancel -v`: without -v, scancel 22.05 exits 0 and says nothing for an id it does not know
// (test/fixtures/slurm/scancel-v-mixed.stderr), so only its verbose lines tell unknown and ended ids apart.
import { runCommand } from '../../core/exec.js'
import { SchedulerError } from '../../core/errors.js'
import type { CancelResult } from '../types.js'

/** Reads `scancel -v` stderr: which ids Slurm did not know, which had ended already. */
export function parseScancel(stderr: string): CancelResult & { other: string[] } {
  const out: CancelResult & { other: string[] } = { unknown: [], ended: [], other: [] }
  for (const m of stderr.matchAll(/Kill job error on job id (\S+): (.*)/g)) {
    const [, id, why] = m as unknown as [string, string, string]
    if (/Invalid job id/i.test(why)) out.unknown.push(id)
    else if (/already completing or completed/i.test(why)) out.ended.push(id)
    else out.other.push(`${id}: ${why.trim()}`)
  }
  return out
}

export async function cancel(ids: readonly string[]): Promise<CancelResult> {
  if (!ids.length) return { unknown: [], ended: [] }
  const argv = ['scancel', '-v', ...ids]
  const res = await runCommand(argv, { timeoutMs: 60_000 })
  const { unknown, ended, other } = parseScancel(res.stderr)
  if (res.exitCode !== 0 || other.length)
    throw new SchedulerError('CANCEL_FAILED', `scancel failed: ${other.join('; ') || res.stderr.trim().split('\n').pop()}`, {
      argv, stderr: res.stderr, commandExitCode: res.exitCode,
    })
  return { unknown, ended }
}
