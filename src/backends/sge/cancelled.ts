// The jobs pcluster cancelled on Grid Engine, kept in the user's state dir: qacct cannot tell a qdel from any
// other kill (failed 100, exit_status 137), and a job deleted while waiting leaves no record at all (SGE 8.1.9,
// notes "More facts" 3; fixtures qacct-deleted-running, qacct-deleted-pending). One empty file per id.
import { writeFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { stateDir } from '../../core/paths.js'

const dir = () => stateDir('sge-cancelled')

export async function recordCancelled(ids: readonly string[]): Promise<void> {
  const d = dir()
  await Promise.all(ids.map((id) => writeFile(join(d, id.replace(/[^0-9.]/g, '_')), '')))
}

/** The ids pcluster cancelled (a job number stands for all its tasks). */
export async function cancelledByUs(): Promise<Set<string>> {
  try {
    return new Set(await readdir(dir()))
  } catch {
    return new Set()
  }
}
