// Where a local job's stdout and stderr go: pcluster's output patterns (%j, %x, %u, %%) read as Slurm reads
// them. %x, %u and %% are filled in here; %j, the id, exists only once the daemon accepted the job, so such an
// output is opened by the job script itself from the PCLUSTER_JOB_ID the daemon starts it with.
import { shellQuote } from '../../core/exec.js'
import { fillKnown, type PatternPart } from '../../core/outputpatterns.js'
import { currentUser } from '../../core/user.js'
import type { ResolvedJob } from '../types.js'

const byJob = (parts: PatternPart[]) => parts.some((p) => typeof p !== 'string')

function parts(job: ResolvedJob): { out: PatternPart[]; err: PatternPart[] } {
  const values = { name: job.name, user: currentUser() }
  return { out: fillKnown(job.files.out, values), err: fillKnown(job.files.err, values) }
}

/** What the daemon opens for the job: the path, or /dev/null where the job script opens a %j output itself. */
export function daemonOutputs(job: ResolvedJob): { out: string; err: string } {
  const p = parts(job)
  const path = (x: PatternPart[]) => (byJob(x) ? '/dev/null' : (x as string[]).join(''))
  return { out: path(p.out), err: path(p.err) }
}

/** The script line opening the %j outputs (undefined when there are none): `exec >a."$PCLUSTER_JOB_ID".out`. */
export function outputRedirect(job: ResolvedJob): string | undefined {
  const p = parts(job)
  if (!byJob(p.out) && !byJob(p.err)) return undefined
  const word = (x: PatternPart[]) => x.map((q) => (typeof q === 'string' ? shellQuote(q) : '"$PCLUSTER_JOB_ID"')).join('')
  const same = job.files.out === job.files.err
  const redirects = [byJob(p.out) ? `>${word(p.out)}` : '', same ? '2>&1' : byJob(p.err) ? `2>${word(p.err)}` : ''].filter(Boolean)
  return `exec ${redirects.join(' ')} || exit 1`
}
