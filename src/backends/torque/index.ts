// The Torque backend: qsub, qstat -x (XML), qdel. Shares its qsub, qdel, id and value rules with pbspro/ (../qsub-family/).
import { qsubFamilyBackend } from '../qsub-family/backend.js'
import { DIRECTIVES, scriptDirectives } from './directives.js'
import { info } from './info.js'
import { renderScript } from './script.js'
import { activeCount, queue, status } from './status.js'

export const backend = qsubFamilyBackend(info, { directives: DIRECTIVES, renderScript, scriptDirectives, status, queue, activeCount })
