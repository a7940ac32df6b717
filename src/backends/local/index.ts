// The local backend: a durable per-user job queue on this machine, the default where no batch system is.
import { readFileSync } from 'node:fs'
import { renderTable } from '../table.js'
import { basename, dirname, join, resolve } from 'node:path'
import { loadConfig } from '../../core/config.js'
import { UsageError } from '../../core/errors.js'
import { renderBody } from '../../core/jobscript.js'
import { notify } from '../../core/notices.js'
import type { JobOptions } from '../../core/options.js'
import type { JobStatus } from '../../core/states.js'
import type { Backend, ResolvedJob, ScriptJob, SubmitRequest } from '../types.js'
import { BEGIN_FORMS, parseBegin } from './begin.js'
import { ask, converse } from './client.js'
import { localSettings } from './config.js'
import { DIRECTIVES } from './directives.js'
import { readLocalDirectives, type LocalScriptReading } from './directives-in-script.js'
import { gpuRefusal } from './gpus.js'
import { ids } from './ids.js'
import { info } from './info.js'
import { daemonOutputs, outputRedirect } from './outputs.js'
import type { ClientSettings, LocalJobSpec } from '../../service/protocol.js'
import { PREFIX, scriptFlavour, submitVariables } from './script-env.js'
import { readUmask } from './umask.js'

/** The variable holding a task's index in a task of an array (the daemon sets it: issue 23). */
const TASK_VARIABLE = 'PCLUSTER_ARRAY_INDEX'

function renderScript(job: ResolvedJob): string {
  const o = { ...job.options, cores: job.options.cores ?? 1 }
  const asks = renderTable(DIRECTIVES, o)
  const redirect = outputRedirect(job)
  return ['#!/bin/bash', `# pcluster local job ${JSON.stringify(job.name)}: ${asks.join(' ')}`, ...(redirect ? [redirect] : []), renderBody(job, { task: TASK_VARIABLE })].join('\n')
}

/** The environment a job gets: the submitter's, as sbatch's default --export=ALL gives it. */
function environment(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined))
}

/** --begin as an instant; a form the local queue cannot read is a usage error. */
function beginAt(text: string | undefined, where: string): string | null {
  if (text === undefined) return null
  const at = parseBegin(text)
  if (!at) throw new UsageError('BAD_VALUE', `invalid value '${text}' for ${where}`, { hint: `the local queue reads ${BEGIN_FORMS}` })
  return at.toISOString()
}

/** submit-file: the script's text now, and what the local queue makes of its lines with the options given over them. */
function readScript(req: SubmitRequest, cwd: string): { text: string; d: LocalScriptReading; spec: Omit<LocalJobSpec, 'env' | 'depends' | 'scriptText' | 'args' | 'begin'> & { begin?: string } } {
  let text: string
  try {
    text = readFileSync(req.script, 'utf8')
  } catch (e) {
    throw new UsageError('NO_SCRIPT', `cannot read script ${req.script}: ${(e as Error).message}`)
  }
  const d = readLocalDirectives(text)
  // options given with the script override its own lines, as sbatch's command-line options do
  const o = req.options ?? {}
  const asked = o.cores !== undefined || o.tasks !== undefined || o['tasks-per-node'] !== undefined
  const own = slots(o)
  const workdir = resolve(cwd, o.dir ?? d.chdir ?? '.')
  const out = resolve(workdir, o.outfile ?? d.out ?? 'slurm-%j.out')
  const errPattern = o.errfile ?? d.err
  const err = errPattern ? resolve(workdir, errPattern) : out
  const mem = o.mem !== undefined || o['mem-per-cpu'] !== undefined ? own.mem : d.mem ?? null
  const gpus = o.gpus ?? o['gpus-per-node'] ?? d.gpus
  const time = o.time ?? d.time
  const begin = o.begin ?? d.begin
  return {
    text, d, spec: {
      name: o.name ?? d.name ?? basename(req.script), script: req.script, wrap: true, out, err, end: endBeside(out), cwd: workdir,
      cores: asked ? own.cores : d.cores ?? 1, mem, time: time || null, ...(begin !== undefined ? { begin } : {}),
      ...(gpus ? { gpus: gpus.count, ...(gpus.type ? { gpuType: gpus.type } : {}) } : {}), ...(o.hold || d.hold ? { hold: true } : {}),
    },
  }
}

/**
 * submit-file: the script as it is now (the daemon keeps this copy), run with its arguments in the submit
 * folder (or its --chdir), its #SBATCH lines honoured where one machine can, the options given with it over
 * them, outputs as sbatch names them (slurm-%j.out, stderr into it) and the end record beside them under a
 * pcluster name.
 */
function scriptSpec(req: SubmitRequest, cwd: string): LocalJobSpec {
  const { text, d, spec } = readScript(req, cwd)
  if (d.ignored.length) notify(`the local queue ignores these #SBATCH lines of ${basename(req.script)}: ${d.ignored.join(' ')}`)
  const flavour = scriptFlavour(text)
  if (flavour !== 'slurm') notify(`the local queue reads #SBATCH lines only: it ignores the ${PREFIX[flavour]} lines of ${basename(req.script)}`)
  const { begin, ...rest } = spec
  return {
    ...rest, scriptText: text, args: [...(req.args ?? [])], env: { ...environment(), ...submitVariables(flavour, cwd) }, depends: [...req.depends],
    begin: beginAt(begin, req.options?.begin !== undefined ? '--begin' : '#SBATCH --begin'),
  }
}

/**
 * The end record of a submit-file job, beside its output, always named by the job id: two jobs of a script
 * with a fixed `--output=run.log` must not share (and delete) one record, which would speak for the other.
 */
function endBeside(out: string): string {
  const stem = basename(out).replace(/\.[^.]*$/, '')
  return join(dirname(out), `${stem}${/%j/.test(stem) ? '' : '.%j'}.pcluster.end`)
}

/**
 * The cores, memory and GPUs a job takes here: one machine holds every task, so tasks times cores per task, and
 * --mem-per-cpu times those; --mem 0 (Slurm: all of a node's) asks for no share. One machine is one node, so
 * --gpus and --gpus-per-node ask for the same GPUs.
 */
function slots(o: JobOptions): Pick<LocalJobSpec, 'cores' | 'mem' | 'gpus' | 'gpuType'> {
  const cores = (o.cores ?? 1) * (o.tasks ?? o['tasks-per-node'] ?? 1)
  const gpus = o.gpus ?? o['gpus-per-node']
  return { cores, mem: (o['mem-per-cpu'] ? o['mem-per-cpu'] * cores : o.mem) || null,
    ...(gpus ? { gpus: gpus.count, ...(gpus.type ? { gpuType: gpus.type } : {}) } : {}) }
}

function specOf(req: SubmitRequest): LocalJobSpec {
  const cwd = req.cwd ?? process.cwd()
  const job = req.job
  const spec: LocalJobSpec = job ? {
    name: job.name, script: job.files.script, ...daemonOutputs(job), end: job.files.end, cwd,
    env: environment(), ...slots(job.options), time: job.options.time || null,
    depends: [...req.depends], begin: beginAt(job.options.begin, '--begin'), ...(job.options.hold ? { hold: true } : {}),
  } : scriptSpec(req, cwd)
  const umask = readUmask()
  return umask === undefined ? spec : { ...spec, umask }
}

/** What this process's [local] says now, for the daemon to compare with what it started with. */
function clientSettings(): ClientSettings {
  const s = localSettings(loadConfig())
  return { cores: s.cores ?? null, mem: s.mem ?? null, strict: s.strict }
}

/** The files the daemon stored for each submit-file request (%j filled in), for scriptJob. */
const submittedFiles = new WeakMap<SubmitRequest, ScriptJob>()

export const backend: Backend = {
  ...info,
  directives: DIRECTIVES,
  scriptExtension: 'sh',
  ids,
  detect: async () => true,
  renderScript,
  submitArgv: () => undefined, // no command: the job goes to the daemon over its socket
  async submit(req) {
    // a submit starts the queue, even one that `local stop` stopped
    const answer = await ask({ type: 'submit', job: specOf(req), settings: clientSettings() }, 'submitted', { resume: true })
    for (const line of answer.notices ?? []) notify(line)
    if (answer.job) submittedFiles.set(req, answer.job)
    return answer.id
  },
  async scriptJob(req, id) {
    // after a submit, the files the daemon stored; before (singleton's name), what they will be
    const job = submittedFiles.get(req)
    if (job) return job
    const { spec } = readScript(req, req.cwd ?? process.cwd())
    const fill = (p: string) => p.replaceAll('%j', id)
    return { name: spec.name, out: fill(spec.out), err: fill(spec.err), end: fill(spec.end) }
  },
  async prepare(job) {
    beginAt(job.options.begin, '--begin') // refused before any file is written
    // --threads: the cores of the daemon this command starts, so it must be started before anything else asks;
    // GPUs: the daemon knows which it owns (found when it started), asked before any file is written
    const { gpus, gpuType } = slots(job.options)
    if (!job.options.threads && !gpus) return
    const { info } = await ask({ type: 'info' }, 'info', { ...(job.options.threads ? { cores: job.options.threads } : {}), resume: true })
    const refused = gpus ? gpuRefusal(gpus, gpuType, info.gpus ?? [], info.gpuSource ?? 'not looked for') : undefined
    if (refused) throw new UsageError('NO_GPUS', refused.message, { hint: refused.hint })
  },
  async status(ids) {
    const { jobs } = await ask({ type: 'status', ids: [...ids] }, 'statuses')
    return new Map(jobs.map((j) => [j.id, j]))
  },
  async queue(filter) {
    // the daemon is the caller's own: another user's jobs are never in it
    const { jobs } = await ask({ type: 'queue', ...(filter.all ? { since: null } : filter.since ? { since: filter.since.toISOString() } : {}) }, 'statuses')
    return filter.user === undefined ? jobs : jobs.filter((j) => j.user === filter.user)
  },
  async activeCount() {
    // asked just before a submit, which starts a stopped queue anyway
    const { counts } = (await ask({ type: 'info' }, 'info', { resume: true })).info
    return (counts.pending ?? 0) + (counts.running ?? 0)
  },
  async cancel(ids) {
    const { ids: done, unknown, ended } = await ask({ type: 'cancel', ids: [...ids] }, 'cancelled')
    // a 0.1.0 daemon still running answers only the ids it cancelled: the others it did not know, or had ended
    return { unknown: unknown ?? ids.filter((id) => !done.includes(id)), ended: ended ?? [] }
  },
  async release(ids) {
    const { unknown } = await ask({ type: 'release', ids: [...ids] }, 'released')
    return { unknown }
  },
  async watch(ids, onState, signal) {
    let final: JobStatus[] = []
    await converse({ type: 'watch', ids: [...ids] }, (msg) => {
      if (msg.type === 'state') onState(msg.job)
      if (msg.type !== 'end') return false
      final = msg.jobs
      return true
    }, { signal })
    return new Map(final.map((j) => [j.id, j]))
  },
}
