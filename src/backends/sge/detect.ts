// Whether qsub here is Grid Engine's: Torque and PBS Pro have a qsub too. SGE_ROOT is set wherever SGE's
// settings.sh was sourced (every SGE site's login); without it, `qstat -help` starts with the version banner
// (`SGE 8.1.9`, fixture version-qstat-help.txt; Univa/Altair print `UGE`/`GE`/`AGE`, OGS `OGS/GE`).
import { onPath, runCommand } from '../../core/exec.js'

/** Whether a `qstat -help` answer is Grid Engine's (its first line is the banner). */
export function isSgeBanner(help: string): boolean {
  return /^\s*(?:SGE|OGS\/GE|UGE|AGE|GE|Univa Grid Engine|Altair Grid Engine|Son of Grid Engine)\s+\d/.test(help)
}

export async function detect(): Promise<boolean> {
  if (!(await onPath('qsub'))) return false
  if (process.env.SGE_ROOT) return true
  const res = await runCommand(['qstat', '-help'], { timeoutMs: 5_000 })
  return isSgeBanner(res.stdout)
}
