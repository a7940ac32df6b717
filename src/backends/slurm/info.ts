// What the registry shows of Slurm without loading it: names, how it is detected, its directive table.
import type { BackendInfo } from '../types.js'
import { DIRECTIVES } from './directives.js'

export const info = {
  name: 'slurm', title: 'Slurm', detectHint: 'sbatch is on PATH', directivePrefix: '#SBATCH', directives: DIRECTIVES,
  idsPerHost: false,
} as const satisfies BackendInfo
