// Job: a command with resolved options on one backend; write its files, submit it (throttled), wait on it,
// read how it ended, clean its files. submit() and submitFile() are the one-call forms.
import { statSync } from 'node:fs'
import { readFile, unlink } from 'node:fs/promises'
import { basename, resolve } from 'node:path'
import type { Backend, JobFiles, ResolvedJob } from '../backends/types.js'
import { loadConfig, resolveOptions, type Config } from './config.js'
import { FileError, OUTCOME_UNKNOWN, PclusterError, UsageError } from './errors.js'
import { shellQuote } from './exec.js'
import { keepFilesBecause } from './clean.js'
import { forgetJobs, pruneJobs, recallJobs, recordJob as recordInLedger } from './ledger.js'
import { claimFiles, defaultName, expandOutputs, fileBase, nextFreeFiles, plannedFiles, recordJob, releaseFiles, writeScriptFile } from './jobfiles.js'
import type { JobOptions, RawOptions } from './options.js'
import { Queue, type WaitOptions } from './queue.js'
import { backends } from './resolver.js'
import type { JobStatus } from './states.js'
import { currentUser } from './user.js'

export interface JobSettings {
  /** The batch system by name (slurm, local); detected when absent. */
  qtype?: string
  /** The backend itself (wins over qtype). */
  backend?: Backend
  /** A profile from the config file. */
  profile?: string
  /** The config to use (default: loaded from PCLUSTER_CONFIG or ~/.pcluster). */
  config?: Config
  /** Folder relative paths are resolved against (default: process.cwd()). */
  cwd?: string
}

export interface SubmitSettings {
  /** Wait while the user has this many pending+running jobs; 0 disables; default from config (1000). */
  maxQueueLen?: number
  /** Called while the throttle holds the submission back. */
  onThrottle?: (count: number, max: number) => void
}

/** A command as argv: each word quoted so that it reaches the job exactly as given. */
export function commandFromArgv(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ')
}

/** Dependencies in the backend's own id grammar, normalised; a malformed one is refused before anything is written. */
function checkDepends(backend: Backend, ids: readonly string[]): string[] {
  return ids.map((id) => {
    const ok = backend.ids.parse(id)
    if (ok === undefined)
      throw new UsageError('BAD_VALUE', `invalid job id '${id}' for --depends: not a ${backend.title} job id`, {
        hint: `${backend.title} job ids look like ${backend.ids.examples}`,
      })
    return ok
  })
}

/** What a dry run would do, written and submitted nothing. */
export interface DryRun {
  backend: string
  script: string
  /** Where the script would be written (the next free name). */
  path: string
  argv: string[] | undefined
  files: JobFiles
  notices: string[]
}

export class Job {
  id: string | undefined
  /** The job's files once written; out and err are output patterns until it is submitted, then its paths. */
  files: JobFiles | undefined

  private constructor(
    readonly command: string,
    readonly name: string,
    readonly options: JobOptions,
    readonly backend: Backend,
    readonly config: Config,
    readonly cwd: string,
  ) {}

  get qtype(): string {
    return this.backend.name
  }

  get depends(): string[] {
    return this.options.depends ?? []
  }

  /** Resolves options (built-in < default profile < profile < given) and picks the backend. */
  static async create(command: string, options: RawOptions = {}, settings: JobSettings = {}): Promise<Job> {
    if (!command.trim()) throw new UsageError('NO_COMMAND', 'no command to run', { hint: "pcluster submit 'echo hello' or pcluster submit -- CMD ARG..." })
    const config = settings.config ?? loadConfig()
    const resolved = resolveOptions(config, options, settings.profile)
    const backend = settings.backend ?? await backends().pick(settings.qtype)
    resolved.depends = checkDepends(backend, resolved.depends ?? [])
    const cwd = settings.cwd ?? process.cwd()
    if (resolved.dir && !statSync(resolve(cwd, resolved.dir), { throwIfNoEntry: false })?.isDirectory())
      throw new UsageError('BAD_VALUE', `--dir ${resolved.dir}: no such directory`, { hint: 'the job would fail to start there; create it first' })
    const name = resolved.name ?? defaultName(command)
    return new Job(command, name, resolved, backend, config, cwd)
  }

  /** Where and under which names the job's files go (planned for --dry-run, claimed by write). */
  private fileOptions(): Parameters<typeof plannedFiles>[0] {
    const o = this.options
    return {
      filedir: o.filedir ?? '.', base: fileBase(this.name), suffix: o.suffix ?? 'cluster',
      ext: this.backend.scriptExtension, outfile: o.outfile, errfile: o.errfile, cwd: this.cwd,
    }
  }

  private plan(files: JobFiles): ResolvedJob {
    const o = this.options
    const options = { ...o, ...(o.dir ? { dir: resolve(this.cwd, o.dir) } : {}) }
    return { name: this.name, command: this.command, options, files }
  }

  /**
   * The job as a write would render it now: not written yet, it gets the names a write would claim (looked up
   * on disk), so a script or --dry-run shows the job's own names, not an older job's.
   */
  private planNow(): ResolvedJob {
    return this.plan(this.files ?? nextFreeFiles(this.fileOptions()))
  }

  /** The job before its files are chosen: options and the base names only, no disk looked at (submit's path). */
  private planOptions(): ResolvedJob {
    return this.plan(this.files ?? plannedFiles(this.fileOptions()))
  }

  /** The job script, without writing anything. */
  render(): string {
    return this.backend.renderScript(this.planNow())
  }

  /** What the backend will read differently from what was asked (Slurm: --time in whole minutes), one line each. */
  notices(): string[] {
    return this.backend.notices?.(this.planOptions()) ?? []
  }

  /**
   * What --dry-run shows: the script, where it would be written, the exact submit command (undefined when
   * submitting runs none), the files (outputs as patterns: %j is known only at submit) and the notices.
   */
  dryRun(): DryRun {
    const job = this.planNow()
    return {
      backend: this.qtype, script: this.backend.renderScript(job), path: job.files.script,
      argv: this.backend.submitArgv({ script: job.files.script, depends: this.depends }),
      files: job.files, notices: this.backend.notices?.(job) ?? [],
    }
  }

  /** Claims non-colliding file names and writes the script. */
  async write(): Promise<JobFiles> {
    if (this.files) return this.files
    const files = await claimFiles(this.fileOptions())
    try {
      await writeScriptFile(files, this.backend.renderScript(this.plan(files)))
    } catch (e) {
      await releaseFiles(files)
      throw e
    }
    return (this.files = files)
  }

  /** Writes (if not yet) and submits, waiting first while the queue is at max_queue_len. */
  async submit(settings: SubmitSettings = {}): Promise<this> {
    if (this.id) return this
    await this.backend.prepare?.(this.planOptions())
    const files = await this.write()
    const queue = new Queue(this.backend)
    // the end records of the jobs it depends on, where pcluster submitted them (a backend may check them itself)
    const parents = this.depends.length ? await recallJobs(this.backend, this.depends) : new Map()
    const after = [...parents.values()].filter((e) => e.end).map((e) => ({ id: e.id, end: e.end }))
    const max = settings.maxQueueLen ?? this.config.settings.maxQueueLen
    try {
      this.id = await queue.whenRoom(currentUser(), max,
        () => this.backend.submit({ script: files.script, job: this.plan(files), depends: this.depends, ...(after.length ? { after } : {}), cwd: this.cwd }),
        settings.onThrottle, this.config.settings.pollMax * 1000)
    } catch (e) {
      // the script is ours to take back unless the job may exist (the request went out, no answer came back)
      if (!(e instanceof PclusterError && OUTCOME_UNKNOWN.has(e.code))) {
        await releaseFiles(files)
        this.files = undefined
      }
      throw e
    }
    // the paths the job writes, %j and all, as clean and wait will look for them
    const written = (this.files = expandOutputs(files, { id: this.id, name: this.name, user: currentUser() }))
    await recordJob(written, { id: this.id, qtype: this.qtype, name: this.name, suffix: this.options.suffix ?? 'cluster' },
      { perHost: this.backend.idsPerHost })
    recordInLedger(this.backend, {
      backend: this.qtype, id: this.id, name: this.name, script: written.script, out: written.out, err: written.err, end: written.end,
      dir: written.dir, cwd: this.cwd, depends: this.depends, submittedAt: new Date().toISOString(),
    })
    // records past [jobs] keep_days go on the way: nothing is due on most days (one directory listing)
    pruneJobs(this.backend, { keepDays: this.config.settings.keepDays })
    return this
  }

  private requireId(): string {
    if (!this.id) throw new UsageError('NOT_SUBMITTED', `job '${this.name}' was not submitted`)
    return this.id
  }

  /** The job's state now. */
  async status(): Promise<JobStatus> {
    const id = this.requireId()
    return (await new Queue(this.backend).statuses([id])).get(id)!
  }

  /** Blocks until the job ends; returns how it ended. */
  async wait(opts: WaitOptions = {}): Promise<JobStatus> {
    const [s] = await new Queue(this.backend).wait([this.requireId()], opts)
    return s!
  }

  /** What the job wrote to stdout and stderr so far ('' for a file not written yet), as python-cluster's get(). */
  async output(): Promise<{ stdout: string; stderr: string }> {
    const read = async (path: string | undefined) => (path ? readFile(path, 'utf8').catch(() => '') : '')
    const [stdout, stderr] = await Promise.all([read(this.files?.out), read(this.files?.err)])
    return { stdout, stderr }
  }

  /** Deletes the job's files (script, end record; outputs too with deleteOutputs). Refuses while it runs. */
  async clean(opts: { deleteOutputs?: boolean } = {}): Promise<string[]> {
    if (!this.files) return []
    const keep = this.id ? keepFilesBecause(await this.status(), this.qtype) : undefined
    if (keep) throw new UsageError('JOB_ACTIVE', `the files of job ${this.id} stay: ${keep}`)
    const targets = [this.files.script, this.files.end, ...(opts.deleteOutputs ? [this.files.out, this.files.err] : [])]
    const deleted: string[] = []
    for (const f of targets) {
      try {
        await unlink(f)
        deleted.push(f)
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new FileError('CANNOT_DELETE', `cannot delete ${f}: ${(e as Error).message}`, { path: f })
      }
    }
    if (this.id) await forgetJobs(this.backend, [this.id])
    return deleted
  }
}

/**
 * Creates and submits a job in one call; returns the submitted Job. As python-cluster's `submit(cmd, **kwargs)`,
 * the options may also carry `qtype` and `profile` (settings given separately win).
 */
export async function submit(command: string, options: RawOptions & { qtype?: string; profile?: string } = {},
  settings: JobSettings & SubmitSettings = {}): Promise<Job> {
  const { qtype, profile, ...rest } = options
  const job = await Job.create(command, rest, { ...(qtype ? { qtype } : {}), ...(profile ? { profile } : {}), ...settings })
  return job.submit(settings)
}

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

/**
 * Submits an existing script as it is, with `args` passed to it (as Slurm passes those after a script). The job is
 * recorded in the manifest of the current folder (its outputs, so that `clean` finds them) and in the ledger
 * (so that `wait ID` finds it).
 */
export async function submitFile(script: string,
  opts: { depends?: readonly string[]; args?: readonly string[]; qtype?: string; backend?: Backend; cwd?: string; config?: Config }
    & SubmitSettings = {},
): Promise<SubmittedScript> {
  const backend = opts.backend ?? await backends().pick(opts.qtype)
  const config = opts.config ?? loadConfig()
  const cwd = opts.cwd ?? process.cwd()
  const path = resolve(cwd, script)
  await checkScript(path)
  const depends = checkDepends(backend, opts.depends ?? [])
  const req = { script: path, depends, cwd, args: [...(opts.args ?? [])] }
  const id = await new Queue(backend).whenRoom(currentUser(), opts.maxQueueLen ?? config.settings.maxQueueLen,
    () => backend.submit(req), opts.onThrottle, config.settings.pollMax * 1000)
  const job = await backend.scriptJob?.(req, id)
  const name = job?.name ?? basename(path)
  if (job) {
    // the script is the user's, never pcluster's to delete: its slot in the manifest holds pcluster's own end
    // record instead (written by the local queue; never written on a system that runs the script untouched),
    // and the outputs count as results, which clean keeps unless --outputs
    const end = job.end ?? `${job.out.replace(/\.[^./]*$/, '')}.pcluster.end`
    const files: JobFiles = { dir: cwd, script: end, out: job.out, err: job.err, end }
    await recordJob(files, { id, qtype: backend.name, name, suffix: '' }, { perHost: backend.idsPerHost })
  }
  recordInLedger(backend, {
    backend: backend.name, id, name, script: path, out: job?.out ?? '', err: job?.err ?? '', end: job?.end ?? '',
    dir: cwd, cwd, depends, submittedAt: new Date().toISOString(),
  })
  return { id, qtype: backend.name, backend, name, ...(job ? { out: job.out, err: job.err, ...(job.end ? { end: job.end } : {}) } : {}) }
}
