// submitFile (`pcluster submit-file`, python-cluster's submit_file): a script as it is, with arguments for it and
// job keywords that override its own lines, through the one submit path (submission.ts) every job takes.
import { basename, resolve } from 'node:path'
import type { Backend, ResolvedJob, ScriptJob, SubmitRequest } from '../backends/types.js'
import { loadConfig, type Config } from './config.js'
import { checkDependencies } from './dependencies.js'
import { UsageError } from './errors.js'
import { jobIds, type JobRef, type Keywords } from './keywords.js'
import { notify } from './notices.js'
import { coerceOptions, mergeLayers, requireOption, type JobOptions, type RawOptions, type RawValue } from './options.js'
import { backends } from './resolver.js'
import { checkSupported, ignoredKeywords, submitJob, SUBMIT_SETTING_KEYS, type SubmitSettings } from './submission.js'

/** What submitFile submitted: the id, the backend, and the job's files where the backend can tell them. */
export interface SubmittedScript {
  id: string
  qtype: string
  backend: Backend
  /** The job's name as the system shows it. */
  name: string
  /** stdout, stderr and the end record, absolute; absent where the backend cannot tell. */
  out?: string
  err?: string
  end?: string
}

/** A script must be a readable file: a folder or an unreadable path is refused before anything is sent. */
async function checkScript(path: string): Promise<void> {
  const { access, stat, constants } = await import('node:fs/promises')
  const st = await stat(path).catch(() => undefined)
  if (!st) throw new UsageError('NO_SCRIPT', `no such script: ${path}`)
  if (st.isDirectory()) throw new UsageError('NO_SCRIPT', `${path} is a directory, not a job script`)
  if (!st.isFile()) throw new UsageError('NO_SCRIPT', `${path} is not a regular file`)
  try {
    await access(path, constants.R_OK)
  } catch {
    throw new UsageError('NO_SCRIPT', `cannot read script ${path}`, { hint: 'check its permissions' })
  }
}

/** Job keywords that are pcluster's own file names or script body: a script submitted as it is has neither. */
const NOT_FOR_SCRIPTS = ['filedir', 'suffix', 'modules'] as const

/** The keys of SubmitFileInit that are settings, not job keywords. */
const SUBMIT_FILE_SETTINGS = new Set(['args', 'qtype', 'backend', 'cwd', 'config', 'maxQueueLen', 'onThrottle', ...SUBMIT_SETTING_KEYS])

/** Options for submitFile: job keywords (applied over the script's own lines), its arguments, and settings. */
export type SubmitFileInit = Keywords & { args?: readonly (string | number)[]; qtype?: string; backend?: Backend; cwd?: string; config?: Config } & SubmitSettings

/**
 * The keywords given for a script (by name or synonym), coerced; only those given: the script's own lines
 * stand for the rest, so no default or profile applies. Those no script can take are refused.
 */
function scriptOptions(init: Record<string, unknown>): JobOptions {
  const raw: RawOptions = {}
  for (const [k, v] of Object.entries(init)) {
    if (v === undefined || v === null || SUBMIT_FILE_SETTINGS.has(k)) continue
    const spec = requireOption(k)
    if ((NOT_FOR_SCRIPTS as readonly string[]).includes(spec.name))
      throw new UsageError('NOT_FOR_SCRIPT', `--${spec.name} does not apply to submit-file: the script runs as it is, and its files are named by its own lines`, {
        hint: spec.name === 'modules' ? 'load the modules in the script itself' : 'give --outfile/--errfile, or set the output in the script',
      })
    ;(raw as Record<string, unknown>)[spec.name] = spec.name === 'depends' ? [...((raw.depends as string[] | undefined) ?? []), ...jobIds(v as JobRef)] : v
  }
  return mergeLayers([coerceOptions(raw as Record<string, RawValue>)])
}

/** The name a script gives its job on this backend (its own directive, else its file name), before it is submitted. */
async function scriptName(backend: Backend, req: SubmitRequest): Promise<string> {
  return (await backend.scriptJob?.(req, '0').catch(() => undefined))?.name ?? basename(req.script)
}

/**
 * Submits an existing script as it is (python-cluster's submit_file), with `args` passed to it (as Slurm passes
 * those after a script), after `depends` (Jobs, ids or both; `singleton` too). Job keywords given here (`cores`,
 * `time`, ...) override the script's own lines, as a scheduler's command-line options do. The job goes through the same
 * submit path as every other (dependencies, throttle, records): it is recorded in the manifest of the current
 * folder (its outputs, so that `clean` finds them) and in the ledger (so that `wait ID` finds it).
 */
export async function submitFile(script: string, opts: SubmitFileInit = {}): Promise<SubmittedScript> {
  const options = scriptOptions(opts as Record<string, unknown>)
  const backend = opts.backend ?? await backends().pick(opts.qtype)
  const config = opts.config ?? loadConfig()
  const cwd = opts.cwd ?? process.cwd()
  const path = resolve(cwd, script)
  await checkScript(path)
  const { depends: given, ...overrides } = options
  const depends = checkDependencies(backend, given ?? [])
  checkSupported(backend, overrides)
  const args = (opts.args ?? []).map(String)
  // what the backend would say of these options, and readying it (the local queue: --threads, GPUs), as for any
  // job; the script's own lines are the scheduler's to read
  const asked: ResolvedJob = { name: overrides.name ?? basename(path), command: '', options: overrides, files: { dir: cwd, script: path, out: '', err: '', end: '' } }
  for (const n of [...(backend.notices?.(asked) ?? []), ...ignoredKeywords(backend, overrides)]) notify(`note: ${n}`)
  await backend.prepare?.(asked)
  let job: ScriptJob | undefined
  const done = await submitJob({
    // the manifest of the current folder lists the job's outputs, where the backend can tell them
    backend, config, depends, cwd, dir: backend.scriptJob ? cwd : undefined,
    // singleton matches the name the script gives itself (else its file name), as the scheduler would; asked only
    // where pcluster expands it
    name: depends.includes('singleton') && !backend.singleton ? await scriptName(backend, { script: path, depends: [], cwd, args, options: overrides }) : basename(path),
    request: (deps) => ({ script: path, depends: deps, cwd, args, ...(Object.keys(overrides).length ? { options: overrides } : {}) }),
    recorded: async (id, req) => {
      job = await backend.scriptJob?.(req, id)
      const name = job?.name ?? basename(path)
      // the script is the user's, never pcluster's to delete: its slot in the manifest holds pcluster's own end
      // record instead (written by the local queue; never written on a system that runs the script untouched),
      // and the outputs count as results, which clean keeps unless --outputs
      const end = job ? job.end ?? `${job.out.replace(/\.[^./]*$/, '')}.pcluster.end` : undefined
      return { name, suffix: '', script: path, end: job?.end ?? '', ...(job ? { files: { dir: cwd, script: end!, out: job.out, err: job.err, end: end! } } : {}) }
    },
  }, opts)
  const name = done.recorded?.name ?? basename(path)
  return { id: done.id, qtype: backend.name, backend, name, ...(job ? { out: job.out, err: job.err, ...(job.end ? { end: job.end } : {}) } : {}) }
}
