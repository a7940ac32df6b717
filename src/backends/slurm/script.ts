// Renders a resolved job as a Slurm batch script (pure).
import { renderBody } from '../../core/jobscript.js'
import type { ResolvedJob } from '../types.js'
import { renderDirectives } from './directives.js'

export function renderScript(job: ResolvedJob): string {
  const options = { ...job.options, name: job.name, outfile: job.files.out, errfile: job.files.err }
  return ['#!/bin/bash', ...renderDirectives(options), renderBody(job)].join('\n')
}
