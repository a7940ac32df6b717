// The PBS Pro / OpenPBS backend: qsub, qstat -f -F json, qdel. qsub, qdel, ids and values as Torque's (../qsub-family/).
import { qsubFamilyBackend } from '../qsub-family/backend.js'
import { DIRECTIVES, scriptDirectives } from './directives.js'
import { info } from './info.js'
import { renderScript } from './script.js'
import { activeCount, queue, status } from './status.js'

export const backend = qsubFamilyBackend(info, { directives: DIRECTIVES, renderScript, scriptDirectives, status, queue, activeCount })
