// The PBS Pro / OpenPBS backend: qsub, qstat -f -F json, qdel. qsub, qdel, ids and values as Torque's (../torque/).
import { flavour } from '../qsub-family/flavour.js'
import { idGrammar } from '../torque/ids.js'
import { qdel } from '../torque/qdel.js'
import { qsub, submitArgv } from '../torque/qsub.js'
import type { Backend } from '../types.js'
import { qrls } from '../torque/qrls.js'
import { notices } from '../torque/notices.js'
import { DIRECTIVES } from './directives.js'
import { info } from './info.js'
import { renderScript } from './script.js'
import { activeCount, queue, status } from './status.js'

export const backend: Backend = {
  ...info,
  directives: DIRECTIVES,
  scriptExtension: 'pbs',
  ids: idGrammar('pbspro'),
  detect: async () => (await flavour()) === 'pbspro',
  renderScript,
  submitArgv,
  submit: (req) => qsub(req, info.title),
  status,
  queue,
  activeCount,
  notices: (job) => notices(job, info.title),
  cancel: (ids) => qdel(ids, 'pbspro'),
  release: qrls,
}
