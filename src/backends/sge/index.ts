// The Grid Engine backend: qsub, qstat + qacct, qdel.
import type { Backend } from '../types.js'
import { release } from './release.js'
import { cancel } from './cancel.js'
import { currentSettings } from './config.js'
import { detect } from './detect.js'
import { ids } from './ids.js'
import { DIRECTIVES } from './directives.js'
import { info } from './info.js'
import { notices } from './notices.js'
import { renderScript } from './script.js'
import { scriptJob } from './script-file.js'
import { activeCount, queue, status } from './status.js'
import { submit, submitArgv } from './submit.js'

export const backend: Backend = {
  ...info,
  directives: DIRECTIVES,
  scriptExtension: 'sge',
  ids,
  detect,
  // [sge] pe and mem_resource from the config file pcluster reads
  renderScript: (job) => renderScript(job, currentSettings()),
  submitArgv,
  submit,
  status,
  queue,
  activeCount,
  cancel,
  notices: (job) => notices(job, currentSettings()),
  // submit-file: the name and files SGE gives the job, and the end record its wrapper writes
  scriptJob,
  release,
}
