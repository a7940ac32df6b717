// The local backend: a durable per-user job queue on this machine, the default where no batch system is.
import { basename } from 'node:path'
import { renderBody } from '../../core/jobscript.js'
import type { JobStatus } from '../../core/states.js'
import type { Backend, DirectiveTable, ResolvedJob, SubmitRequest } from '../types.js'
import { ask, converse } from './client.js'
import { DIRECTIVES } from './directives.js'
import { info } from './info.js'
import { daemonOutputs, outputRedirect } from './outputs.js'
import type { LocalJobSpec } from './protocol.js'

function renderScript(job: ResolvedJob): string {
  const o = { ...job.options, cores: job.options.cores ?? 1 }
  const asks = (Object.keys(DIRECTIVES) as (keyof DirectiveTable)[])
    .flatMap((k) => (o[k] === undefined ? [] : (DIRECTIVES[k] as ((v: unknown) => string[]) | null)?.(o[k]) ?? []))
  const redirect = outputRedirect(job)
  return ['#!/bin/bash', `# pcluster local job ${JSON.stringify(job.name)}: ${asks.join(' ')}`, ...(redirect ? [redirect] : []), renderBody(job)].join('\n')
}

/** Local ids: the daemon's counter, a whole number. */
const LOCAL_ID = /^\d+$/

/** The environment a job gets: the submitter's, as sbatch's default --export=ALL gives it. */
function environment(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined))
}

function specOf(req: SubmitRequest): LocalJobSpec {
  const cwd = req.cwd ?? process.cwd()
  const job = req.job
  if (!job) // submit-file: a script as it is, its outputs beside it
    return { name: basename(req.script), script: req.script, out: `${req.script}.%j.out`, err: `${req.script}.%j.err`, end: `${req.script}.%j.end`,
      cwd, env: environment(), cores: 1, mem: null, time: null, depends: [...req.depends], wrap: true }
  return {
    name: job.name, script: job.files.script, ...daemonOutputs(job), end: job.files.end, cwd,
    env: environment(), cores: job.options.cores ?? 1, mem: job.options.mem || null, time: job.options.time || null,
    depends: [...req.depends],
  }
}

export const backend: Backend = {
  ...info,
  scriptExtension: 'sh',
  ids: { parse: (text) => (LOCAL_ID.test(text.trim()) ? text.trim() : undefined), examples: '12 or 12,13' },
  detect: async () => true,
  renderScript,
  submitArgv: () => undefined, // no command: the job goes to the daemon over its socket
  async submit(req) {
    return (await ask({ type: 'submit', job: specOf(req) }, 'submitted')).id
  },
  async prepare(job) {
    // --threads: the cores of the daemon this command starts, so it must be started before anything else asks
    if (job.options.threads) await ask({ type: 'info' }, 'info', { cores: job.options.threads })
  },
  async status(ids) {
    const { jobs } = await ask({ type: 'status', ids: [...ids] }, 'statuses')
    return new Map(jobs.map((j) => [j.id, j]))
  },
  async queue() {
    return (await ask({ type: 'queue' }, 'statuses')).jobs
  },
  async activeCount() {
    const { counts } = (await ask({ type: 'info' }, 'info')).info
    return (counts.pending ?? 0) + (counts.running ?? 0)
  },
  async cancel(ids) {
    const { ids: done, unknown, ended } = await ask({ type: 'cancel', ids: [...ids] }, 'cancelled')
    // a 0.1.0 daemon still running answers only the ids it cancelled: the others it did not know, or had ended
    return { unknown: unknown ?? ids.filter((id) => !done.includes(id)), ended: ended ?? [] }
  },
  async watch(ids, onState) {
    let final: JobStatus[] = []
    await converse({ type: 'watch', ids: [...ids] }, (msg) => {
      if (msg.type === 'state') onState(msg.job)
      if (msg.type !== 'end') return false
      final = msg.jobs
      return true
    })
    return new Map(final.map((j) => [j.id, j]))
  },
}
