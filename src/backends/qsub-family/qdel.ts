// Cancels with qdel (many ids, one call), on Torque and PBS Pro alike. qdel is silent on success; its
// refusals for ids that are unknown or already ended are not failures (real lines: fixtures/*/messages.tsv).
import { runCommand } from '../../core/exec.js'
import { SchedulerError } from '../../core/errors.js'
import type { CancelResult } from '../types.js'
import { recordCancels, retractCancels } from './cancelrecords.js'
import { sameJob } from './ids.js'

/** Torque 6 `nonexistent job id: 23`, Torque 2012 and PBS Pro `Unknown Job Id 123`. */
const UNKNOWN = /nonexistent job id|Unknown Job Id/i
/** Torque `invalid state for job - COMPLETE 1936` (170), PBS Pro `Job has finished` (35) and `Request invalid for state of job ID` (168, exiting). */
const ENDED = /invalid state for job|Request invalid for state of job|Job has finished/i

/** Reads qdel's stderr against the ids asked: which were unknown, which had ended, and any other refusal. */
export function parseQdel(stderr: string, asked: readonly string[]): CancelResult & { other: string[] } {
  const out: CancelResult & { other: string[] } = { unknown: [], ended: [], other: [] }
  const unexplained = new Set(asked)
  for (const line of stderr.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const kind = UNKNOWN.test(line) ? 'unknown' : ENDED.test(line) ? 'ended' : undefined
    const last = line.split(/\s+/).pop() ?? ''
    // PBS Pro's `qdel: Job has finished` names no id: it is the one id left unexplained, if only one is
    const id = asked.find((a) => sameJob(a, last)) ?? (unexplained.size === 1 && kind ? [...unexplained][0] : undefined)
    if (kind && id) {
      out[kind].push(id)
      unexplained.delete(id)
    } else if (/^qdel:/.test(line)) out.other.push(line.replace(/^qdel:\s*/, '').replace(/\s+MSG=/, ': ').replace(/\s{2,}/g, ' '))
  }
  return out
}

/** Cancels, keeping pcluster's own record of the ids qdel took (cancelrecords.ts: the server cannot tell its kill). */
export async function qdel(ids: readonly string[], backend: 'torque' | 'pbspro'): Promise<CancelResult> {
  if (!ids.length) return { unknown: [], ended: [] }
  const argv = ['qdel', ...ids]
  await recordCancels(backend, ids)
  const res = await runCommand(argv, { timeoutMs: 60_000 })
  const { unknown, ended, other } = parseQdel(res.stderr, ids)
  // only what qdel took: an id it refused, or any id when it could not run, is not a cancel of pcluster's
  const named = (id: string) => res.stderr.split('\n').some((l) => sameJob(l.trim().split(/\s+/).pop() ?? '', id))
  await retractCancels(backend, res.error ? ids : ids.filter((id) => unknown.includes(id) || ended.includes(id) || named(id)))
  if (res.error || other.length || (res.exitCode !== 0 && !unknown.length && !ended.length))
    throw new SchedulerError('CANCEL_FAILED', `qdel failed: ${other.join('; ') || res.stderr.trim().split('\n').pop() || res.error}`, {
      argv, stderr: res.stderr, commandExitCode: res.exitCode,
    })
  return { unknown, ended }
}
