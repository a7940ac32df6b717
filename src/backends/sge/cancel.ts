// Cancels with one `qdel ID...`: it answers one line per id on stdout (fixtures qdel-*.txt, SGE 8.1.9) and exits 1
// when any id was unknown, so the lines, not the exit code, say what happened to each.
import { runCommand } from '../../core/exec.js'
import { SchedulerError } from '../../core/errors.js'
import type { CancelResult } from '../types.js'
import { recordCancels } from '../qsub-family/cancelrecords.js'
import { jobNumber } from './ids.js'
import { qmasterDown } from './submit.js'

/**
 * Reads qdel's output: which job numbers it did not know, which jobs or array tasks (`128.3`) it deleted or
 * registered for deletion (`has deleted job-array task 128.3`, fixture qdel-array-task.txt; `has registered
 * the job-array task 43.2 for deletion`, seen on 8.1.9).
 */
export function parseQdel(stdout: string): { unknown: string[]; done: string[]; other: string[] } {
  const out = { unknown: [] as string[], done: [] as string[], other: [] as string[] }
  for (const line of stdout.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const unknown = /^denied: job "(\d+)" does not exist/.exec(line)
    const done = /has (?:registered the job|deleted job)(?:-array task)? (\d+(?:\.\d+)?)/.exec(line)
    if (unknown) out.unknown.push(unknown[1]!)
    else if (done) out.done.push(done[1]!)
    else if (!/^(?:[Jj]ob \d+(?:\.\d+)? is already in deletion|root|\S+ has)/.test(line)) out.other.push(line)
  }
  return out
}

export async function cancel(ids: readonly string[]): Promise<CancelResult> {
  if (!ids.length) return { unknown: [], ended: [] }
  // each id as typed: qdel takes JOB.TASK for one task of an array (a bare job number would delete them all)
  const argv = ['qdel', ...new Set(ids)]
  const res = await runCommand(argv, { timeoutMs: 60_000 })
  const { unknown, done, other } = parseQdel(res.stdout)
  // only what qdel took: a typo or a refusal must not read as "cancelled" later (qacct cannot tell a qdel)
  await recordCancels('sge', ids.filter((id) => done.includes(id) || done.includes(jobNumber(id))))
  if (res.error || qmasterDown(`${res.stdout}\n${res.stderr}`) || other.length)
    throw new SchedulerError('CANCEL_FAILED', `qdel failed: ${other.join('; ') || (res.stderr || res.stdout).trim().split('\n').pop()}`, {
      argv, stderr: res.stderr, commandExitCode: res.exitCode,
    })
  // a finished job has left SGE's queue: qdel calls it unknown, and only accounting still knows it
  const gone = ids.filter((id) => unknown.includes(jobNumber(id)))
  if (!gone.length) return { unknown: [], ended: [] }
  const { qacct } = await import('./status.js')
  const known = new Set((await qacct({ ids: gone, since: new Date(Date.now() - 30 * 86400_000) })).map((s) => jobNumber(s.id)))
  return { unknown: gone.filter((id) => !known.has(jobNumber(id))), ended: gone.filter((id) => known.has(jobNumber(id))) }
}
