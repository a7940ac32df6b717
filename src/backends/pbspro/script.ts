// Renders a resolved job as a PBS Pro batch script (pure but for --begin now+N, read at render time).
import { renderBody } from '../../core/jobscript.js'
import { planOutputs, startIn } from '../torque/outputs.js'
import type { ResolvedJob } from '../types.js'
import { renderDirectives } from './directives.js'

export function renderScript(job: ResolvedJob): string {
  const outputs = planOutputs(job)
  const directives = [...renderDirectives({ ...job.options, name: job.name }), ...outputs.directives, '-S /bin/bash']
  return ['#!/bin/bash', ...directives.map((d) => `#PBS ${d}`), ...outputs.prelude, ...startIn(job), renderBody(job)].join('\n')
}
