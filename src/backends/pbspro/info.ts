// What the registry shows of PBS Pro / OpenPBS without loading it: names, detection, its directive table.
import type { BackendInfo } from '../types.js'

export const info = {
  name: 'pbspro', title: 'PBS Pro', detectHint: 'qsub is on PATH and `qstat --version` names PBS Pro or OpenPBS', directivePrefix: '#PBS',
  idsPerHost: false,
  detectRequires: 'qsub',
} as const satisfies BackendInfo
