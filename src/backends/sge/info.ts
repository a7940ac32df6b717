// What the registry shows of Grid Engine without loading it: names, how it is detected, its directive table.
import type { BackendInfo } from '../types.js'

export const info = {
  name: 'sge', title: 'Grid Engine', detectHint: "qsub is Grid Engine's (SGE_ROOT set, or qstat -help says SGE/GE)",
  directivePrefix: '#$', idsPerHost: false,
  configKeys: ['pe', 'mem_resource', 'mpi_pe', 'gpu_resource', 'exclusive_resource'], // read in config.ts
  configDefaults: { pe: 'smp', mem_resource: 'h_vmem' },
  detectRequires: 'qsub',
} as const satisfies BackendInfo
