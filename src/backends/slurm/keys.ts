// Submission keys on Slurm: written as the job's comment (`--comment=pcluster-key:K`), read back from squeue's
// %k (every job the controller still holds, ended ones for MinJobAge, 300 s by default), then from sacct's
// Comment for older ones (kept only where AccountingStoreFlags has job_comment).
import { currentUser } from '../../core/user.js'
import { ask, slurmTime } from './status.js'

const PREFIX = 'pcluster-key:'
const SEP = '\x1f'

/** The sbatch option that writes the key on the job. */
export function keyArgv(key: string | undefined): string[] {
  return key ? [`--comment=${PREFIX}${key}`] : []
}

/** Pure: from lines of `ID<SEP>COMMENT`, the newest id whose comment carries this key. */
export function parseKeyed(text: string, key: string): string | undefined {
  const ids = text.split('\n').flatMap((line) => {
    const [id, comment] = line.trim().split(SEP)
    return id && /^\d+$/.test(id) && comment?.trim() === `${PREFIX}${key}` ? [Number(id)] : []
  })
  return ids.length ? String(Math.max(...ids)) : undefined
}

export async function findByKey(key: string, since: Date): Promise<string | undefined> {
  const user = currentUser()
  const live = parseKeyed(await ask(['squeue', '-h', '-t', 'all', '-u', user, '-o', `%i${SEP}%k`]), key)
  if (live) return live
  return parseKeyed(await ask(['sacct', '-X', '-n', '-P', `--delimiter=${SEP}`, '-o', 'JobID,Comment', '-S', slurmTime(since), '-u', user]), key)
}
