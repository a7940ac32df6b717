// What the registry shows of PBS Pro / OpenPBS without loading it: names, detection, its directive table.
import type { BackendInfo } from '../types.js'
import { DIRECTIVES } from './directives.js'

export const info = {
  name: 'pbspro', title: 'PBS Pro', detectHint: 'qsub is on PATH and `qstat --version` names PBS Pro or OpenPBS', directivePrefix: '#PBS',
  directives: DIRECTIVES, idsPerHost: false,
} as const satisfies BackendInfo
