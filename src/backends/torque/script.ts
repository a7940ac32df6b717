// Renders a resolved job as a Torque batch script (pure but for --begin now+N, which is read at render time).
import { renderBody, type JobIdentity } from '../../core/jobscript.js'
import type { ResolvedJob } from '../types.js'
import { DIRECTIVES, renderDirectives } from './directives.js'
import { planOutputs, startIn } from '../qsub-family/outputs.js'

/** pcluster's variables from Torque's (qsub.1.in @6.1.3 "Environment variables": PBS_NUM_PPN, the ppn of nodes=, since 4.0). */
const IDENTITY: JobIdentity = { qtype: 'torque', id: 'PBS_JOBID', cores: 'PBS_NUM_PPN', task: 'PBS_ARRAYID' }

export function renderScript(job: ResolvedJob): string {
  const outputs = planOutputs(job)
  // --extra last: qsub reads the last of a repeated option, so a raw directive overrides what pcluster wrote
  const { extra, ...options } = job.options
  const directives = [...renderDirectives({ ...options, name: job.name }), ...outputs.directives, '-S /bin/bash', ...(extra ? DIRECTIVES.extra(extra) : [])]
  return ['#!/bin/bash', ...directives.map((d) => `#PBS ${d}`), ...outputs.prelude, ...startIn(job), renderBody(job, { identity: IDENTITY })].join('\n')
}
