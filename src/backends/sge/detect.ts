// Whether qsub here is Grid Engine's: Torque and PBS Pro have a qsub too. SGE_ROOT is set wherever SGE's
// settings.sh was sourced (every SGE site's login); without it, the one `qstat --version` the qsub family
// shares tells: Grid Engine's qstat has no --version and answers with its usage, headed by its banner
// (`SGE 8.1.9` on Debian's 8.1.9; Univa/Altair print `UGE`/`GE`/`AGE`, OGS `OGS/GE`).
import { onPath } from '../../core/exec.js'
import { flavour } from '../qsub-family/flavour.js'

/** Whether a `qstat -help` (or `--version`) answer is Grid Engine's (its first line is the banner). */
export function isSgeBanner(help: string): boolean {
  return /^\s*(?:SGE|OGS\/GE|UGE|AGE|GE|Univa Grid Engine|Altair Grid Engine|Son of Grid Engine)\s+\d/.test(help)
}

export async function detect(): Promise<boolean> {
  if (!(await onPath('qsub'))) return false
  if (process.env.SGE_ROOT) return true
  return (await flavour()) === 'sge'
}
