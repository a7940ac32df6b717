// Where a Torque or PBS Pro job starts and where its stdout and stderr go. qsub's -o/-e take a plain `[host:]path` with no job
// id field (qsub.1.in @6.1.3), so a path that names the id (%j) or that a directive line could misread
// (spaces, quotes, `:` read as a host) is opened by the script itself, with the id from $PBS_JOBID.
import { fillKnown } from '../../core/outputpatterns.js'
import { currentUser } from '../../core/user.js'
import type { ResolvedJob } from '../types.js'

/** A path qsub reads as it is on a directive line. */
const PLAIN = /^\/[A-Za-z0-9_@%+=,./-]*$/

export interface OutputPlan {
  /** qsub directive arguments (`-o PATH`). */
  directives: string[]
  /** Shell lines at the top of the script that open the files qsub could not be told of. */
  prelude: string[]
}

/** The path as shell text: literal parts single-quoted, the job id as "${PBS_JOBID}". */
function shellPath(pattern: string, name: string): string | undefined {
  const parts = fillKnown(pattern, { name, user: currentUser() })
  if (parts.length === 1 && typeof parts[0] === 'string' && PLAIN.test(parts[0])) return undefined
  return parts.map((p) => (typeof p === 'string' ? `'${p.replace(/'/g, `'\\''`)}'` : '"${PBS_JOBID}"')).join('')
}

export function planOutputs(job: ResolvedJob): OutputPlan {
  const directives: string[] = []
  const prelude: string[] = []
  for (const [flag, pattern, fd] of [['-o', job.files.out, 1], ['-e', job.files.err, 2]] as const) {
    const path = shellPath(pattern, job.name)
    if (path === undefined) directives.push(`${flag} ${fillKnown(pattern, { name: job.name, user: currentUser() })[0] as string}`)
    else {
      // qsub's own copy goes nowhere; the job writes the file itself from its first line on
      directives.push(`${flag} /dev/null`)
      prelude.push(`exec ${fd}>${path}`)
    }
  }
  return { directives, prelude }
}

/**
 * Where the job starts when --dir is not given: the folder qsub was run from ($PBS_O_WORKDIR, set by Torque
 * and PBS Pro alike), as on Slurm; a Torque job without -d starts in $HOME, a PBS Pro job always does.
 */
export function startIn(job: ResolvedJob): string[] {
  return job.options.dir ? [] : ['cd -- "${PBS_O_WORKDIR:-.}" || exit 1']
}
