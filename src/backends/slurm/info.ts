// What the registry shows of Slurm without loading it: names, how it is detected, its directive table.
import type { BackendInfo } from '../types.js'

export const info = {
  name: 'slurm', title: 'Slurm', detectHint: 'sbatch is on PATH', directivePrefix: '#SBATCH',
  idsPerHost: false,
  detectRequires: 'sbatch',
} as const satisfies BackendInfo
