// What Slurm will read differently from what was asked, said (not refused) at submit and --dry-run.
import { formatTime } from '../../core/options.js'
import type { ResolvedJob } from '../types.js'

/**
 * One line per difference. Slurm keeps time limits in whole minutes and rounds seconds up: checked on
 * sbatch 22.05.8 with `sbatch --hold -t 00:00:05` (TimeLimit=00:01:00) and `-t 1:30` (TimeLimit=00:02:00).
 */
export function notices(job: ResolvedJob): string[] {
  const said: string[] = []
  const time = job.options.time
  if (time && time % 60) {
    const minutes = Math.ceil(time / 60)
    said.push(`Slurm counts time in whole minutes: --time ${formatTime(time)} becomes ${formatTime(minutes * 60)} (${minutes} minute${minutes === 1 ? '' : 's'})`)
  }
  return said
}
