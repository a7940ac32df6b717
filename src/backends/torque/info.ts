// What the registry shows of Torque without loading it: names, how it is detected, its directive table.
import type { BackendInfo } from '../types.js'
import { DIRECTIVES } from './directives.js'

export const info = {
  name: 'torque', title: 'Torque', detectHint: 'qsub is on PATH and `qstat --version` names Torque', directivePrefix: '#PBS',
  directives: DIRECTIVES, idsPerHost: false,
} as const satisfies BackendInfo
