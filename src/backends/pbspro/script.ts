// Renders a resolved job as a PBS Pro batch script (pure but for --begin now+N, read at render time).
import { renderBody, type JobIdentity } from '../../core/jobscript.js'
import { planOutputs, startIn } from '../qsub-family/outputs.js'
import type { ResolvedJob } from '../types.js'
import { DIRECTIVES, renderDirectives } from './directives.js'

/** pcluster's variables from PBS Pro's (the reference guide's job environment: NCPUS, the ncpus of the job's first chunk, its node). */
const IDENTITY: JobIdentity = { qtype: 'pbspro', id: 'PBS_JOBID', cores: 'NCPUS', task: 'PBS_ARRAY_INDEX' }

// qsub stops reading directives at the first command, but finds its prefix after blanks (openpbs
// check_job_script.c, pbs_ispbsdir), so an indented line is no safer than a plain one: the body carries a
// command's lines behind '| ' (jobscript.ts)
export function renderScript(job: ResolvedJob): string {
  const outputs = planOutputs(job)
  // --extra last: qsub reads the last of a repeated option, so a raw directive overrides what pcluster wrote
  const { extra, ...options } = job.options
  const directives = [...renderDirectives({ ...options, name: job.name }), ...outputs.directives, '-S /bin/bash', ...(extra ? DIRECTIVES.extra(extra) : [])]
  return ['#!/bin/bash', ...directives.map((d) => `#PBS ${d}`), ...outputs.prelude, ...startIn(job), renderBody(job, { identity: IDENTITY })].join('\n')
}
