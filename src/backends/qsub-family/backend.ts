// What makes a backend of the qsub family, Torque and PBS Pro alike: the same qsub, qdel, qrls, id grammar
// and notices, told apart by the one `qstat --version` probe; each brings its own directives, script and status.
import { flavour } from './flavour.js'
import type { JobOptions } from '../../core/options.js'
import type { Backend, BackendInfo } from '../types.js'
import { idGrammar } from './ids.js'
import { notices } from './notices.js'
import { qdel } from './qdel.js'
import { qrls } from './qrls.js'
import { qsub, submitArgv } from './qsub.js'

type Own = Pick<Backend, 'directives' | 'renderScript' | 'status' | 'queue' | 'activeCount'> & {
  /** submit-file: the directive arguments for the options given with a script (its own directives.ts). */
  scriptDirectives: (o: JobOptions) => string[]
}

export function qsubFamilyBackend(info: BackendInfo & { name: 'torque' | 'pbspro' }, { scriptDirectives, ...own }: Own): Backend {
  return {
    ...info,
    ...own,
    scriptExtension: 'pbs',
    ids: idGrammar(info.name),
    detect: async () => (await flavour()) === info.name,
    submitArgv: (req) => submitArgv(req, scriptDirectives),
    submit: (req) => qsub(req, info.title, scriptDirectives),
    notices: (job) => notices(job, info.title),
    cancel: (ids) => qdel(ids, info.name),
    release: qrls,
  }
}
