// What the registry shows of Grid Engine without loading it: names, how it is detected, its directive table.
import type { BackendInfo } from '../types.js'
import { DIRECTIVES } from './directives.js'

export const info = {
  name: 'sge', title: 'Grid Engine', detectHint: "qsub is Grid Engine's (SGE_ROOT set, or qstat -help says SGE/GE)",
  directivePrefix: '#$', directives: DIRECTIVES, idsPerHost: false,
} as const satisfies BackendInfo
