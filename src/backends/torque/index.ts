// The Torque backend: qsub, qstat -x (XML), qdel. Shares its qsub, qdel, id and value rules with pbspro/.
import type { Backend } from '../types.js'
import { qrls } from './qrls.js'
import { notices } from './notices.js'
import { flavour } from '../qsub-family/flavour.js'
import { idGrammar } from './ids.js'
import { DIRECTIVES } from './directives.js'
import { info } from './info.js'
import { qdel } from './qdel.js'
import { qsub, submitArgv } from './qsub.js'
import { renderScript } from './script.js'
import { activeCount, queue, status } from './status.js'

export const backend: Backend = {
  ...info,
  directives: DIRECTIVES,
  scriptExtension: 'pbs',
  ids: idGrammar('torque'),
  detect: async () => (await flavour()) === 'torque',
  renderScript,
  submitArgv,
  submit: (req) => qsub(req, info.title),
  status,
  queue,
  activeCount,
  notices: (job) => notices(job, info.title),
  cancel: (ids) => qdel(ids, 'torque'),
  release: qrls,
}
