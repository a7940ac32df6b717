// The Slurm backend: sbatch, squeue + sacct, scancel.
import { onPath, runCommand } from '../../core/exec.js'
import { SchedulerError } from '../../core/errors.js'
import type { Backend } from '../types.js'
import { renderScript } from './script.js'
import { activeCount, queue, status } from './status.js'
import { submit, submitArgv } from './submit.js'

export const backend: Backend = {
  name: 'slurm',
  scriptExtension: 'sbatch',
  detect: () => onPath('sbatch'),
  renderScript,
  submitArgv,
  submit,
  status,
  queue,
  activeCount,
  async cancel(ids) {
    if (!ids.length) return
    const argv = ['scancel', ...ids]
    const res = await runCommand(argv, { timeoutMs: 60_000 })
    if (res.exitCode !== 0)
      throw new SchedulerError('CANCEL_FAILED', `scancel failed: ${res.stderr.trim()}`, {
        argv, stderr: res.stderr, commandExitCode: res.exitCode,
      })
  },
}
