// Job: a command or a function (functionjob.ts) with resolved options on one backend; write its files, submit it
// (throttled), wait on it, get how it ended and what it returned, clean its files. submit(), makeJob(),
// makeJobFile(), clean() and submitFile() (submitfile.ts) are python-cluster's one-call forms. Submitting goes
// through the one submit path, submission.ts.
import { statSync } from 'node:fs'
import { readFile, unlink } from 'node:fs/promises'
import { resolve } from 'node:path'
import { inspect } from 'node:util'
import type { Backend, JobFiles, ResolvedJob } from '../backends/types.js'
import { configSection, loadConfig, resolveOptions, type Config } from './config.js'
import { FileError, OUTCOME_UNKNOWN, PclusterError, UsageError } from './errors.js'
import { shellQuote } from './exec.js'
import { keepFilesBecause } from './clean.js'
import { markJobsCleaned } from './ledger.js'
import { claimFiles, defaultName, expandOutputs, fileBase, nextFreeFiles, plannedFiles, releaseFiles, writeScriptFile } from './jobfiles.js'
import { classInstances, confirmFunction, functionFiles, functionJobName, loaderArgs, locateFunction, packArguments, writeArguments,
  type FunctionRef, type ShippedFunction } from './functionjob.js'
import { failureOf, functionCommand, IMPORTING_ENV, readResult } from './functionrunner.js'
import { jobIds, type JobRef, type Keywords } from './keywords.js'
import { findOption, requireOption, type JobOptions, type RawOptions } from './options.js'
import { Queue, type WaitOptions } from './queue.js'
import { backends } from './resolver.js'
import { isFinal, type JobState, type JobStatus } from './states.js'
import { checkDependencies } from './dependencies.js'
import { log } from './log.js'
import { checkSupported, ignoredKeywords, submitJob, SUBMIT_SETTING_KEYS, type Submitted, type SubmitSettings } from './submission.js'
import { currentUser } from './user.js'

export type { SubmitSettings } from './submission.js'

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

/** A command as argv: each word quoted so that it reaches the job exactly as given. */
export function commandFromArgv(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ')
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

/** How a function job runs Node on the node. */
export interface FunctionSettings {
  /** The Node the job runs (an absolute path, or a name found on the node's PATH); default: `[jobs] node` in the config, else the Node running now. */
  node?: string
  /** Flags for that Node; default: this process's loader flags (`--import tsx`, `--experimental-strip-types`, ...). */
  nodeArgs?: readonly string[]
}

/**
 * The one options object of the library, as python-cluster's `**kwargs`: every job keyword by its name or a
 * synonym (`cores`/`cpus`, `mem`/`memory`, `partition`/`queue`, `depends`/`dependencies`, ...), and pcluster's
 * settings (`qtype`, `profile`, `cwd`, `maxQueueLen`, `node`, ...).
 */
export type JobInit = Keywords & JobSettings & SubmitSettings & FunctionSettings

/** What `get()` returns once the job has ended. */
export interface JobResult<R = unknown> {
  /** The job's exit code; null when it never ran or its end is unknown. */
  exitCode: number | null
  stdout: string
  stderr: string
  /** A function job's return value (undefined for a command). */
  result: R
  /** How the job ended, in full (state, reason, times). */
  status: JobStatus
}

/** A script as python-cluster's `Job.submission` held it: where it goes, its text, whether it is on disk. */
export interface JobScript {
  path: string
  text: string
  written: boolean
}

/** Keys of JobInit that are pcluster's settings, not job keywords. */
const SETTING_KEYS = new Set(['qtype', 'backend', 'profile', 'config', 'cwd', 'maxQueueLen', 'onThrottle', 'node', 'nodeArgs', ...SUBMIT_SETTING_KEYS])

/** A command (shell text, or argv), a function (a named export of a module), or a function named by hand. */
export type JobTarget = string | readonly string[] | ((...args: never[]) => unknown) | FunctionRef

/** What a value is, for a message: `5`, `a string`, `a Map`, `an object`. */
function kindOf(v: unknown): string {
  if (typeof v !== 'object' || v === null) return typeof v === 'string' ? `the string ${JSON.stringify(v)}` : String(v)
  const name = (Object.getPrototypeOf(v)?.constructor as { name?: string } | undefined)?.name
  return name && name !== 'Object' ? `a ${name}` : 'an object'
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && [Object.prototype, null].includes(Object.getPrototypeOf(v))

/**
 * Splits python-cluster's `(command, args?, kwargs?)`: the arguments are an array (null or left out: none); a
 * plain object in their place, with no options after it, is the options. Anything else there is refused, never
 * dropped: `submit(fn, 5)` means `submit(fn, [5])`, and so does an object whose keys are no option for a function.
 */
function splitArgs(what: JobTarget, args: readonly unknown[] | JobInit | null | undefined, init: JobInit | undefined): [readonly unknown[], JobInit] {
  if (args === undefined || args === null || Array.isArray(args)) return [(args as readonly unknown[] | null | undefined) ?? [], init ?? {}]
  const fn = typeof what === 'function' || (typeof what === 'object' && what !== null && !Array.isArray(what))
  const example = fn ? `submit(fn, [${typeof args === 'object' ? '{ ... }' : JSON.stringify(args) ?? '...'}], options)`
    : "submit('cmd', ['word', ...], options)"
  const refuse = (why: string) => new UsageError('BAD_ARGUMENTS', `the ${fn ? 'arguments of a function job' : 'words added to a command'} must be an array, ` +
    `not ${kindOf(args)}${why}`, { hint: `put them in an array: ${example}` })
  if (!isPlainObject(args)) throw refuse('')
  const unknown = Object.keys(args).filter((k) => !SETTING_KEYS.has(k) && !findOption(k))
  // a command's options given in two objects (keywords, then settings such as cwd) read as one, as before; a
  // function's object followed by options would be its argument, which must be an array
  if (init !== undefined) {
    if (fn || unknown.length) throw refuse(' (options come after them)')
    return [[], { ...(args as JobInit), ...init }]
  }
  if (fn && unknown.length === Object.keys(args).length && unknown.length)
    throw refuse(`: ${unknown.map((k) => `'${k}'`).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} no option, so it reads as an argument`)
  return [[], args as JobInit]
}

/**
 * One job: a shell command or a JavaScript function, with its options resolved (built-in < default profile <
 * profile < given), on one batch system. Made synchronously (a bad option throws here); the batch system is
 * picked at the first write or submit unless `qtype` or `backend` named it.
 *
 * ```ts
 * const job = new Job('sort big.txt > sorted.txt', { cpus: 2, memory: '4G' })
 * await job.submit()
 * const { exitCode, stdout } = await job.get()
 * ```
 */
export class Job<R = unknown> {
  /** The job id, once submitted. */
  id: string | undefined
  /** The job's files once written; out and err are output patterns until it is submitted, then its paths. */
  files: JobFiles | undefined
  /** The job name (also the stem of its file names). */
  readonly name: string
  /** Options after resolution and coercion. */
  readonly options: JobOptions
  readonly config: Config
  readonly cwd: string
  /** For a function job: the module and export the node imports. */
  readonly function: ShippedFunction | undefined
  /** The last state seen (update(), wait(), get()); undefined before any. */
  state: JobState | undefined
  /** The last status seen, in full. */
  lastStatus: JobStatus | undefined
  /** Set by get() and getExitcode(): the exit code (null: it never ran, or its end is unknown). */
  exitCode: number | null | undefined
  /** Set by get() and getStdout(). */
  stdout: string | undefined
  /** Set by get() and getStderr(). */
  stderr: string | undefined

  private picked: Backend | undefined
  private readonly asked: string | undefined
  private readonly shellCommand: string | undefined
  private readonly payload: Buffer | undefined
  /** The function asked for (not one named by hand): ready() checks that its export is this very function. */
  private readonly target: Function | undefined = undefined
  private readonly nodeCommand: { node: string; args: readonly string[] } | undefined
  private readonly submitDefaults: SubmitSettings
  private resultCache: { value: unknown } | undefined
  /** Set once ready() has picked the backend and checked the job against it. */
  private checked = false

  /**
   * @param what a shell command (`'sort a > b'`), an argv (`['sort', '-o', 'b', 'a']`, each word reaching the job as
   *   given), a function that is a named export of an ES module file, or `{ module, export }`.
   * @param args an array: words appended to a command (each quoted), or a function's arguments (structured-clone
   *   values; a class instance among them is warned about, as it arrives a plain object). May be left out:
   *   `new Job(cmd, options)`; anything else in its place is refused (`submit(fn, 5)` means `[5]`).
   * @param options job keywords (synonyms too) and settings; see JobInit.
   * @throws UsageError for an unknown keyword, a bad value, a function that cannot be shipped, arguments that
   *   are not an array or cannot be cloned, a dependency that is not submitted yet.
   */
  constructor(what: JobTarget, args?: readonly unknown[] | JobInit | null, options?: JobInit) {
    const [list, init] = splitArgs(what, args, options)
    if (process.env[IMPORTING_ENV])
      throw new UsageError('SUBMIT_IN_FUNCTION_JOB', 'a job is being made while a function job imports its module on the node: the module makes jobs at its top level, ' +
        'so every function job would submit them again', {
        hint: "guard the top-level code of the module that holds the function: if (process.argv[1] === fileURLToPath(import.meta.url)) { ... }, or keep the function in a module of its own",
      })
    const keywords: Record<string, unknown> = {}
    const settings: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(init)) {
      if (!SETTING_KEYS.has(k)) keywords[k] = v
      else if (v !== null) settings[k] = v // null: the default
    }
    const s = settings as JobSettings & SubmitSettings & FunctionSettings
    this.config = s.config ?? loadConfig()
    this.cwd = s.cwd ?? process.cwd()
    this.asked = s.qtype
    this.picked = s.backend
    this.submitDefaults = Object.fromEntries(['maxQueueLen', 'onThrottle', ...SUBMIT_SETTING_KEYS]
      .filter((k) => (s as Record<string, unknown>)[k] !== undefined).map((k) => [k, (s as Record<string, unknown>)[k]])) as SubmitSettings
    const raw: RawOptions = {}
    for (const [k, v] of Object.entries(keywords)) {
      if (v === undefined) continue
      const spec = requireOption(k)
      if (v === null) continue // the default, as python-cluster's None
      ;(raw as Record<string, unknown>)[spec.name] = spec.name === 'depends' ? jobIds(v as JobRef) : v
    }
    const resolved = resolveOptions(this.config, raw, s.profile)
    if (resolved.dir && !statSync(resolve(this.cwd, resolved.dir), { throwIfNoEntry: false })?.isDirectory())
      throw new UsageError('BAD_VALUE', `--dir ${resolved.dir}: no such directory`, { hint: 'the job would fail to start there; create it first' })
    if (typeof what === 'string' || Array.isArray(what)) {
      const base = typeof what === 'string' ? what : commandFromArgv(what as readonly string[])
      const command = list.length ? `${base} ${commandFromArgv(list.map(String))}` : base
      if (!command.trim()) throw new UsageError('NO_COMMAND', 'no command to run', { hint: "pcluster submit 'echo hello' or pcluster submit -- CMD ARG..." })
      this.shellCommand = command
      this.function = undefined
      this.payload = undefined
      this.nodeCommand = undefined
      this.name = resolved.name ?? defaultName(command)
    } else {
      const shipped = locateFunction(what as Function | FunctionRef)
      this.shellCommand = undefined
      this.function = shipped
      this.target = typeof what === 'function' ? what : undefined
      this.payload = packArguments(shipped, list)
      for (const where of classInstances(list))
        log.warn(`${shipped.export}: ${where} arrives on the node as a plain object (structured clone keeps no class but the built-in ones: ` +
          'its methods and prototype are lost); pass plain data and rebuild the instance in the function')
      const configured = configSection(this.config, 'jobs').values?.node
      this.nodeCommand = { node: s.node ?? (typeof configured === 'string' && configured ? configured : process.execPath), args: s.nodeArgs ?? loaderArgs() }
      this.name = resolved.name ?? functionJobName(shipped)
    }
    this.options = resolved
  }

  /** The backend, once picked (by `qtype`/`backend`, else at the first write or submit; `await job.ready()` picks it now). */
  get backend(): Backend {
    if (!this.picked) throw new UsageError('NO_BACKEND_YET', `job '${this.name}' has no batch system yet`, { hint: 'await job.ready() (or write/submit) first, or pass qtype' })
    return this.picked
  }

  /** The batch system's name: the one picked, else the one asked for (undefined until either). */
  get qtype(): string {
    return this.picked?.name ?? this.asked ?? ''
  }

  get depends(): string[] {
    return this.options.depends ?? []
  }

  /** `exitCode` under python-cluster's name (`job.exitcode`). */
  get exitcode(): number | null | undefined {
    return this.exitCode
  }

  /** The shell command the job runs (for a function job, Node with pcluster's runner). */
  get command(): string {
    return this.shellCommand ?? this.commandFor(this.files ?? nextFreeFiles(this.fileOptions()))
  }

  private commandFor(files: JobFiles): string {
    if (this.shellCommand !== undefined) return this.shellCommand
    return functionCommand(this.nodeCommand!.node, this.nodeCommand!.args, functionFiles(files.end))
  }

  /**
   * Picks the batch system (asked, else detected), checks the dependencies by its id grammar and the job against
   * what it can do (check()). Idempotent.
   */
  async ready(): Promise<this> {
    if (this.checked) return this
    if (this.target) await confirmFunction(this.target, this.function!)
    if (!this.picked) this.picked = await backends().pick(this.asked)
    ;(this.options as JobOptions).depends = checkDependencies(this.picked, this.options.depends ?? [])
    this.check()
    this.checked = true
    log.debug(() => `job ${this.name} on ${this.picked!.name}: ${JSON.stringify(this.options)}`)
    return this
  }

  /** Resolves options (built-in < default profile < profile < given) and picks the backend: the CLI's form. */
  static async create(command: string, options: RawOptions = {}, settings: JobSettings = {}): Promise<Job> {
    if (!command.trim()) throw new UsageError('NO_COMMAND', 'no command to run', { hint: "pcluster submit 'echo hello' or pcluster submit -- CMD ARG..." })
    return new Job(command, { ...(options as JobInit), ...settings }).ready()
  }

  /**
   * Refuses, before anything is written or started, what this backend cannot do: a keyword its table refuses
   * (a GPU on the local queue), or a value its rendering refuses (typed GPUs on Torque).
   */
  private check(): void {
    checkSupported(this.backend, this.options)
    this.backend.renderScript(this.planOptions())
  }

  /** The new keywords this backend has nothing for, said: the job runs without them. */
  private ignored(): string[] {
    return ignoredKeywords(this.backend, this.options)
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
    return { name: this.name, command: this.commandFor(files), options, files }
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

  /** The job script, without writing anything (the backend must be picked: see ready()). */
  render(): string {
    return this.backend.renderScript(this.planNow())
  }

  /**
   * The job script before (or after) submission, as python-cluster's `job.submission`: the path it is (or would
   * be) written to, its text, and whether it is written. Picks the backend if not yet.
   */
  async script(): Promise<JobScript> {
    await this.ready()
    const job = this.planNow()
    return { path: job.files.script, text: this.backend.renderScript(job), written: !!this.files }
  }

  /** What the backend will read differently from what was asked (Slurm: --time in whole minutes), one line each. */
  notices(): string[] {
    return [...(this.backend.notices?.(this.planOptions()) ?? []), ...this.ignored()]
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
      files: job.files, notices: [...(this.backend.notices?.(job) ?? []), ...this.ignored()],
    }
  }

  /** Claims non-colliding file names and writes the script (and a function job's arguments); returns the files. */
  async write(): Promise<JobFiles> {
    if (this.files) return this.files
    await this.ready()
    const files = await claimFiles(this.fileOptions())
    try {
      if (this.payload) writeArguments(functionFiles(files.end).input, this.payload)
      await writeScriptFile(files, this.backend.renderScript(this.plan(files)))
    } catch (e) {
      await releaseFiles(files)
      if (this.payload) await unlink(functionFiles(files.end).input).catch(() => undefined)
      throw e
    }
    log.debug(() => `job ${this.name}: script ${files.script}, out ${files.out}, err ${files.err}, end record ${files.end}`)
    return (this.files = files)
  }

  /**
   * Writes (if not yet) and submits, waiting first while the user's queue is at max_queue_len (`maxQueueLen`
   * here, else the option given to the Job, else the config's; 0 disables). Returns the job.
   */
  async submit(settings: SubmitSettings = {}): Promise<this> {
    if (this.id) return this
    settings = { ...this.submitDefaults, ...settings }
    await this.ready()
    await this.backend.prepare?.(this.planOptions())
    const files = await this.write()
    let done: Submitted
    try {
      done = await submitJob({
        backend: this.backend, config: this.config, name: this.name, depends: this.depends, cwd: this.cwd, dir: files.dir,
        request: (depends, after) => ({ script: files.script, job: this.plan(files), depends, ...(after.length ? { after } : {}), cwd: this.cwd }),
        // the paths the job writes, %j and all, as clean and wait will look for them
        recorded: async (id) => ({
          name: this.name, suffix: this.options.suffix ?? 'cluster', script: files.script,
          files: expandOutputs(files, { id, name: this.name, user: currentUser() }),
        }),
      }, settings)
    } catch (e) {
      // the script is ours to take back unless the job may exist (the request went out, no answer came back)
      if (!(e instanceof PclusterError && OUTCOME_UNKNOWN.has(e.code))) {
        await releaseFiles(files)
        if (this.payload) await unlink(functionFiles(files.end).input).catch(() => undefined)
        this.files = undefined
      }
      throw e
    }
    // the key's job was made before: the script just written is not the one it runs
    if (done.adopted === 'earlier' && done.recorded?.files?.script !== files.script) {
      await releaseFiles(files)
      if (this.payload) await unlink(functionFiles(files.end).input).catch(() => undefined)
    }
    this.id = done.id
    this.options.depends = done.depends
    this.files = done.recorded?.files ?? files
    this.state = 'pending'
    return this
  }

  private requireId(): string {
    if (!this.id) throw new UsageError('NOT_SUBMITTED', `job '${this.name}' was not submitted`, { hint: 'await job.submit() first' })
    return this.id
  }

  private seen(s: JobStatus): JobStatus {
    this.lastStatus = s
    this.state = s.state
    return s
  }

  /** The job's state now. */
  async status(): Promise<JobStatus> {
    const id = this.requireId()
    return this.seen((await new Queue(this.backend).statuses([id])).get(id)!)
  }

  /** Asks the batch system for the job's state now (python-cluster's update()); sets `state` and returns the job. */
  async update(): Promise<this> {
    await this.status()
    return this
  }

  /** Blocks until the job ends; returns how it ended, and sets `state`, `exitCode`, `stdout` and `stderr` (as python-cluster's wait()). */
  async wait(opts: WaitOptions = {}): Promise<JobStatus> {
    const [s] = await new Queue(this.backend).wait([this.requireId()], opts)
    if (isFinal(s!.state)) Object.assign(this, { exitCode: s!.exitCode ?? null }, await this.output())
    return this.seen(s!)
  }

  /** What the job wrote to stdout and stderr so far ('' for a file not written yet), as python-cluster's get(). */
  async output(): Promise<{ stdout: string; stderr: string }> {
    const read = async (path: string | undefined) => (path ? readFile(path, 'utf8').catch(() => '') : '')
    const [stdout, stderr] = await Promise.all([read(this.files?.out), read(this.files?.err)])
    return { stdout, stderr }
  }

  /**
   * Blocks until the job ends, then returns its exit code, stdout, stderr and (a function job) its return value;
   * also sets `exitCode`, `stdout` and `stderr` on the job. Submits it first if it was not.
   * @throws RemoteError when a function job's function threw on the node (what it threw in `remote`, its hint,
   *   the job's exit code as `exitCode`); a PclusterError NO_RESULT when a function job ended with no result,
   *   saying how (never ran: cancelled, a failed dependency; killed; process.exit called; its promise never settled),
   *   `exitCode` the job's where it has one.
   */
  async get(opts: WaitOptions = {}): Promise<JobResult<R>> {
    if (!this.id) await this.submit()
    const status = await this.wait(opts)
    const { stdout, stderr } = await this.output()
    Object.assign(this, { exitCode: status.exitCode ?? null, stdout, stderr }) // read again: wait() may have been cut short
    let result: unknown
    if (this.function) {
      if (!this.resultCache) {
        const got = await readResult(functionFiles(this.files!.end).result)
        if (!got?.ok) throw failureOf(`${this.id} (${this.name})`, got, { ...status, stderr })
        this.resultCache = { value: got.value }
      }
      result = this.resultCache.value
    }
    return { exitCode: this.exitCode ?? null, stdout, stderr, result: result as R, status }
  }

  /** What the job wrote to stdout so far (also sets `stdout`); with update, asks for its state first. */
  async getStdout(opts: { update?: boolean } = {}): Promise<string> {
    if (opts.update !== false && this.id) await this.status()
    return (this.stdout = (await this.output()).stdout)
  }

  /** What the job wrote to stderr so far (also sets `stderr`). */
  async getStderr(opts: { update?: boolean } = {}): Promise<string> {
    if (opts.update !== false && this.id) await this.status()
    return (this.stderr = (await this.output()).stderr)
  }

  /** The exit code once the job has ended (also sets `exitCode`); undefined while it has not. Does not block. */
  async getExitcode(opts: { update?: boolean } = {}): Promise<number | null | undefined> {
    const s = opts.update === false ? this.lastStatus : await this.status()
    if (!s || !isFinal(s.state)) return undefined
    return (this.exitCode = s.exitCode ?? null)
  }

  /**
   * Deletes the job's files: the script, the end record and a function job's argument and result files; its
   * stdout and stderr too with deleteOutputs (read them first: they are kept in `stdout`/`stderr`). Refuses
   * while the job is pending or running. Returns the files deleted.
   */
  async clean(opts: { deleteOutputs?: boolean } = {}): Promise<string[]> {
    if (!this.files) return []
    const keep = this.id ? keepFilesBecause(await this.status(), this.qtype) : undefined
    if (keep) throw new UsageError('JOB_ACTIVE', `the files of job ${this.id} stay: ${keep}`)
    if (opts.deleteOutputs && this.id) Object.assign(this, await this.output())
    const fn = this.function ? functionFiles(this.files.end) : undefined
    const targets = [this.files.script, this.files.end, ...(fn ? [fn.input, fn.result] : []),
      ...(opts.deleteOutputs ? [this.files.out, this.files.err] : [])]
    const deleted: string[] = []
    for (const f of new Set(targets)) {
      try {
        await unlink(f)
        deleted.push(f)
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new FileError('CANNOT_DELETE', `cannot delete ${f}: ${(e as Error).message}`, { path: f })
      }
    }
    if (this.id) await markJobsCleaned(this.backend, [this.id])
    return deleted
  }

  /** `util.inspect(job)` (and console.log): name, id, backend, state and files. */
  [inspect.custom](): string {
    const f = this.files
    const files = f ? `{ script: ${f.script}, out: ${f.out}, err: ${f.err} }` : 'not written'
    const fn = this.function ? `, function: ${this.function.export} from ${this.function.module}` : ''
    return `Job { name: ${JSON.stringify(this.name)}, id: ${this.id ?? 'not submitted'}, backend: ${this.qtype || 'not picked'}, ` +
      `state: ${this.state ?? 'not submitted'}, files: ${files}${fn} }`
  }
}

/**
 * Makes and submits a job in one call, as python-cluster's `submit(command, args, **kwargs)`: a shell command,
 * an argv, or a function (a named export of an ES module file) with its arguments. Returns the submitted Job;
 * `await job.get()` gives its exit code, outputs and a function's return value.
 *
 * ```ts
 * const job = await submit(square, [7], { qtype: 'local' })   // export function square(x) { return x * x }
 * const { result } = await job.get()                          // 49
 * ```
 */
export async function submit<F extends (...args: never[]) => unknown>(fn: F, args?: Parameters<F> | JobInit, options?: JobInit): Promise<Job<Awaited<ReturnType<F>>>>
export async function submit(what: JobTarget, args?: readonly unknown[] | JobInit, options?: JobInit): Promise<Job>
export async function submit(what: JobTarget, args?: readonly unknown[] | JobInit, options?: JobInit): Promise<Job> {
  return new Job(what, args, options).submit()
}

/** Makes a Job without writing or submitting anything (python-cluster's make_job); the same as `new Job(...)`. */
export function makeJob<F extends (...args: never[]) => unknown>(fn: F, args?: Parameters<F> | JobInit, options?: JobInit): Job<Awaited<ReturnType<F>>>
export function makeJob(what: JobTarget, args?: readonly unknown[] | JobInit, options?: JobInit): Job
export function makeJob(what: JobTarget, args?: readonly unknown[] | JobInit, options?: JobInit): Job {
  return new Job(what, args, options)
}

/** Makes a Job and writes its script without submitting it (python-cluster's make_job_file); returns the script's path. */
export async function makeJobFile(what: JobTarget, args?: readonly unknown[] | JobInit, options?: JobInit): Promise<string> {
  return (await new Job(what, args, options).write()).script
}

/**
 * Deletes the files of each job (python-cluster's clean(jobs)): script, end record, a function job's files, and
 * stdout/stderr too with deleteOutputs. Returns the files deleted. Refuses (before deleting anything) while any
 * of them is pending or running.
 */
export async function clean(jobs: Job | readonly Job[], opts: { deleteOutputs?: boolean } = {}): Promise<string[]> {
  const list = Array.isArray(jobs) ? jobs : [jobs as Job]
  for (const j of list) {
    const keep = j.id && j.files ? keepFilesBecause(await j.status(), j.qtype) : undefined
    if (keep) throw new UsageError('JOB_ACTIVE', `the files of job ${j.id} stay: ${keep}`, { hint: 'wait for the jobs first' })
  }
  const deleted: string[] = []
  for (const j of list) deleted.push(...await j.clean(opts))
  return deleted
}

export { submitFile, type SubmitFileInit, type SubmittedScript } from './submitfile.js'
