// What Torque and PBS Pro will read differently from what was asked, said (not refused) at submit and --dry-run.
import type { ResolvedJob } from '../types.js'

/**
 * One line per difference. `--mem 0` is Slurm's "all of a node's memory" and `--time 0` "no limit": neither
 * system has such a request, so none is written, and the queue's own resources_default (or none) applies.
 */
export function notices(job: ResolvedJob, title: string): string[] {
  const o = job.options
  const said: string[] = []
  if (o.mem === 0)
    said.push(`${title} has no request for all of a node's memory: --mem 0 asks for no amount, so the queue's default memory limit (if any) applies; give --mem SIZE to be sure`)
  if (o.time === 0)
    said.push(`${title} has no request for "no time limit": --time 0 (UNLIMITED) asks for no walltime, so the queue's default walltime (if any) applies`)
  return said
}
