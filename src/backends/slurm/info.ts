// What the registry shows of Slurm without loading it: names, how it is detected, its directive table.
import type { BackendInfo } from '../types.js'

export const info = {
  name: 'slurm', title: 'Slurm', detectHint: 'sbatch is on PATH', directivePrefix: '#SBATCH',
  idsPerHost: false,
  detectRequires: 'sbatch',
  // rl_enable lets a user make about 2 calls a second steady (slurm.conf(5), SlurmctldParameters
  // rl_refill_rate), and a status poll is one squeue plus at most one sacct
  pollFloorMs: 2000,
} as const satisfies BackendInfo
