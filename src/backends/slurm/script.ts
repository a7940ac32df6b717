// Renders a resolved job as a Slurm batch script (pure).
import { renderBody, type JobIdentity } from '../../core/jobscript.js'
import type { ResolvedJob } from '../types.js'
import { renderDirectives } from './directives.js'

/** pcluster's variables from Slurm's (sbatch(1) "OUTPUT ENVIRONMENT VARIABLES"): the CPUs on this node, --exclusive's whole node included. */
const IDENTITY: JobIdentity = { qtype: 'slurm', id: 'SLURM_JOB_ID', cores: 'SLURM_CPUS_ON_NODE', task: 'SLURM_ARRAY_TASK_ID' }

export function renderScript(job: ResolvedJob): string {
  const options = { ...job.options, name: job.name, outfile: job.files.out, errfile: job.files.err }
  // --signal=B: reaches the batch shell alone, which passes it on to the command (without B:, only srun steps get it)
  const signal = job.options.signal?.signal
  return ['#!/bin/bash', ...renderDirectives(options), renderBody(job, { identity: IDENTITY, ...(signal ? { signal, forward: true } : {}) })].join('\n')
}
