// What the registry shows of Torque without loading it: names, how it is detected, its directive table.
import type { BackendInfo } from '../types.js'

export const info = {
  name: 'torque', title: 'Torque', detectHint: 'qsub is on PATH and `qstat --version` names Torque', directivePrefix: '#PBS',
  idsPerHost: false,
  detectRequires: 'qsub',
} as const satisfies BackendInfo
