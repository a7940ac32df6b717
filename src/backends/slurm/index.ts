// The Slurm backend: sbatch, squeue + sacct, scancel.
import { detect } from './detect.js'
import type { Backend } from '../types.js'
import { release } from './release.js'
import { cancel } from './cancel.js'
import { ids } from './ids.js'
import { DIRECTIVES } from './directives.js'
import { info } from './info.js'
import { notices } from './notices.js'
import { renderScript } from './script.js'
import { scriptJob } from './script-job.js'
import { activeCount, queue, status } from './status.js'
import { submit, submitArgv } from './submit.js'
import { findByKey } from './keys.js'
import { check } from './check.js'

export const backend: Backend = {
  ...info,
  directives: DIRECTIVES,
  scriptExtension: 'sbatch',
  ids,
  detect,
  renderScript,
  submitArgv,
  submit,
  status,
  queue,
  activeCount,
  cancel,
  singleton: true,
  notices,
  scriptJob,
  release,
  findByKey,
  check,
}
