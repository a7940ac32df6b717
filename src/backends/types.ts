// The one interface every batch system plugs into: a backend is a folder under src/backends/ whose index.ts
// exports one `Backend`, plus one entry in src/backends/index.ts. The core never builds a scheduler command
// line and never picks a backend itself: it is handed one.
import type { CoreKeyword, JobOptions } from '../core/options.js'
import type { JobStatus } from '../core/states.js'

/** Every batch system pcluster has a folder for, in the order they are detected. */
export type BackendName = 'slurm' | 'sge' | 'torque' | 'pbspro' | 'local'

/** The files of one job, absolute paths. */
export interface JobFiles {
  /** The folder the files are written to (filedir). */
  dir: string
  script: string
  /**
   * stdout and stderr: until the job is submitted, output patterns (core/outputpatterns.ts: `%j` id, `%x`
   * name, `%u` user, `%%` a literal %), which a backend must expand exactly so; after, the paths written.
   */
  out: string
  err: string
  /** The end record the job script writes itself: exit code, start and end time. */
  end: string
}

/** A job ready to be rendered: options resolved and coerced, file names chosen. */
export interface ResolvedJob {
  /** The job name as the user gave it (any printable text). */
  name: string
  /** Shell text run by the job. */
  command: string
  options: JobOptions
  files: JobFiles
  /**
   * The job runs as the tasks of an array: its script then writes each task's end record under the task's
   * index (core/jobscript.ts taskEndPath). Unset for a plain job, whose script names no task variable: Slurm
   * passes the submitting shell's SLURM_ARRAY_TASK_ID on to a plain job submitted from inside a task.
   */
  array?: boolean
}

export interface SubmitRequest {
  script: string
  /** The job as pcluster rendered it; absent for submit-file (a script as it is). */
  job?: ResolvedJob
  /**
   * What this job runs after, as tokens (core/dependencies.ts): `ID` afterok, `afterany:ID`, `afternotok:ID`,
   * each id already checked by the backend's grammar; `singleton` only where the backend has `singleton` (else
   * the core has turned it into afterany on the live jobs of the same name).
   */
  depends: readonly string[]
  /**
   * The same jobs with the end record each will write, for those pcluster submitted (from its ledger): a
   * backend whose scheduler has no afterok of its own (Grid Engine) checks them from the job script.
   */
  after?: readonly { id: string; end: string }[]
  /** Working directory of the submitting process (where relative paths in a script resolve). */
  cwd?: string
  /** submit-file: arguments for the script, passed to it as a batch system passes those after the script's path. */
  args?: readonly string[]
  /**
   * submit-file: job keywords given with the script (only those given: no defaults), which override the script's
   * own lines as a scheduler's own command-line options do; each backend applies them its own way.
   */
  options?: JobOptions
  /**
   * The submission's key (`--key`, `--once`): written on the job itself where `findByKey` reads it back, so that a
   * submission whose answer was lost is found and adopted rather than sent twice.
   */
  key?: string
  /** How long the submit command may take before its answer counts as lost ([queue] submit_timeout). */
  timeoutMs?: number
}

/** What a system makes of a script submitted as it is (submit-file), once the job has its id. */
export interface ScriptJob {
  /** The job's name as the system shows it: the script's own, else its file name. */
  name: string
  /** Absolute paths: where the job's stdout and stderr go (the same file when the script does not separate them). */
  out: string
  err: string
  /** The end record, when the system has the job write one (the local queue); absent where the script runs untouched. */
  end?: string
}

export interface QueueFilter {
  /** A user name, or undefined for every user. */
  user: string | undefined
  /**
   * Besides live jobs, those that ended since then; `all`: every one the system keeps. Neither: the last day. A
   * backend may answer more (pcluster filters by end time after it), never less.
   */
  since?: Date
  all?: boolean
}

/**
 * A keyword a system has no such thing for, where running the job without it would change the result (a GPU
 * job without its GPUs): a job asking for it is refused before anything is written, with this reason and hint.
 */
export interface Refusal {
  readonly refuse: string
  readonly hint: string
}

/**
 * How one keyword is written for a batch system: directive arguments (`[]`: honoured, nothing to write);
 * null where it has no such thing and the job can run without it (said at submit when the keyword is new
 * enough that a user may expect it: core/options.ts SAID_WHEN_IGNORED); a Refusal where it cannot.
 */
type Render<K extends keyof JobOptions> = ((value: NonNullable<JobOptions[K]>) => string[]) | null | Refusal

/**
 * A backend's table of every scheduler keyword: how it renders it, or `null` where the system has no such
 * thing. Which options apply where is read off these tables (`pcluster options --qtype`, --help). Keywords
 * pcluster itself handles the same way everywhere (CoreKeyword: files, modules, dependencies) are not in it.
 */
export type DirectiveTable = { [K in Exclude<keyof JobOptions, CoreKeyword>]-?: Render<K> }

/**
 * A job, or one task of an array job, as a backend names it apart: `id` the job's (for an array, the array's
 * own: Slurm `1234`, Torque `123[].server`), `task` the task's index. The id of one task in the backend's
 * own syntax (Slurm `1234_7`) is what `parse` returns and what statuses are keyed by; this is that id taken apart
 * (JobIdGrammar.split).
 */
export interface TaskRef {
  id: string
  task?: string
}

/** A backend's job-id grammar. */
export interface JobIdGrammar {
  /**
   * The id in its normal form (surrounding space trimmed, accepted short forms expanded), or undefined when
   * malformed. A task of an array in the system's own syntax (Slurm `1234_7`, Grid Engine `1234.7`, Torque and
   * PBS Pro `1234[7]`) is an id too: the one string that names the task everywhere pcluster keys by id.
   */
  parse(text: string): string | undefined
  /**
   * An id in its normal form (parse's answer) taken apart into its job and task; any other id whole. Pure: reads
   * no records, so that it costs nothing on every poll (core/jobrefs.ts parseRef is parse and split in one).
   */
  split(id: string): TaskRef
  /** The id of one task of an array, in the system's own syntax: the inverse of split. */
  taskId(ref: Required<TaskRef>): string
  /** What ids look like, for error messages: `1234, 1234_5`. */
  readonly examples: string
}

/**
 * What the registry knows of a backend without loading anything more (names for --help, detection order): read
 * on every start, so it stays a few strings. The directive table is loaded apart, when help or `options` draws it.
 */
export interface BackendInfo {
  readonly name: BackendName
  /** The system's own name for people: `Slurm`, `the local queue`. */
  readonly title: string
  /** How detection recognises it, for --help (Slurm: its submit command on PATH). */
  readonly detectHint: string
  /**
   * A command that must be on PATH before detect() is worth asking ('' when none): detection skips a backend
   * without it, never loading its module, so a workstation with no batch system pays a PATH scan, not five imports.
   */
  readonly detectRequires: string
  /** The prefix of the script lines the system reads its options from, for help text; '' when none. */
  readonly directivePrefix: string
  /** Whether job ids are per host (the local queue: each host has its own): pcluster's records are then kept per host. */
  readonly idsPerHost: boolean
  /** Optional: the keys of its own section of the config ([local], [sge]), which `config set` accepts; none when it reads none. */
  readonly configKeys?: readonly string[]
  /** Optional: the value a key of configKeys has while the file does not set it (`config get`, `config show`); none where it is computed (all cores). */
  readonly configDefaults?: Readonly<Record<string, string>>
  /**
   * Optional: the system reads each job's end record itself when the job ends (the local queue), so a final
   * status it gives (other than `unknown`) already says what the record says, and `queue` need not read
   * thousands of records again.
   */
  readonly readsEndRecords?: boolean
  /**
   * Optional: the system's answer lists every job pcluster submitted there from the moment its submit returned
   * (the local queue commits a job before answering), with the name pcluster gave it: `queue` then need not read
   * pcluster's own records to fill in what an accounting lag would hide.
   */
  readonly listsAtOnce?: boolean
  /**
   * Optional: the shortest pause between two status polls of the shared poller (src/service/poller.ts), ms, so
   * that however many waiters a user has, the scheduler's rate limit is kept; absent: 1 s.
   */
  readonly pollFloorMs?: number
}

export interface Backend extends BackendInfo {
  /** Every keyword and how this system writes it (null: it has no such thing); its own directives.ts. */
  readonly directives: DirectiveTable
  /** File extension of job scripts, after the suffix (NAME.SUFFIX.EXT). */
  readonly scriptExtension: string
  readonly ids: JobIdGrammar
  /** Whether this batch system can be used from here (the registry asks each in order). */
  detect(): Promise<boolean>
  /** Pure: the job script's text. */
  renderScript(job: ResolvedJob): string
  /** The exact argv `submit` would run, for --dry-run; undefined when submitting runs no command. */
  submitArgv(req: SubmitRequest): string[] | undefined
  /** Submits, returns the job id; throws SchedulerError with the scheduler's own reason. */
  submit(req: SubmitRequest): Promise<string>
  /**
   * The scheduler's word on many jobs in one or two calls. Answers every id it knows; an id absent from the
   * answer is one the scheduler has no record of (yet). Throws TransientError when it could not ask.
   */
  status(ids: readonly string[], opts?: { since?: Date }): Promise<Map<string, JobStatus>>
  /** Jobs in the queue (and recently finished), for `pcluster queue`. */
  queue(filter: QueueFilter): Promise<JobStatus[]>
  /** How many of the user's jobs are pending or running (for max_queue_len). */
  activeCount(user: string): Promise<number>
  /** Cancels; answers which ids the system did not know and which had ended already (nothing done for those). */
  cancel(ids: readonly string[]): Promise<CancelResult>
  /** The scheduler has a singleton dependency of its own (Slurm); elsewhere the core provides it at submit. */
  singleton?: boolean
  /**
   * Optional: releases jobs submitted held (--hold), so that they may start; answers which ids the system did
   * not know. A system without it cannot hold a job either (its table refuses --hold).
   */
  release?(ids: readonly string[]): Promise<ReleaseResult>
  /**
   * Optional: what the user should hear about how this system will read the job, one line each, without
   * refusing it (Slurm rounds --time up to whole minutes). Printed to stderr at submit and --dry-run.
   */
  notices?(job: ResolvedJob): string[]
  /**
   * Optional: for submit-file, the name and files of the job just submitted from `req`, as the system names them
   * (its script's own directives, else the system's defaults), so that the manifest and the ledger list them.
   */
  scriptJob?(req: SubmitRequest, id: string): Promise<ScriptJob>
  /**
   * Optional: asks the scheduler whether and when the job could run, and checks it against the limits of where it
   * would queue (a partition's MaxTime, its nodes' memory), submitting nothing. Throws TransientError when it could
   * not ask.
   */
  check?(req: SubmitRequest): Promise<CheckResult>
  /**
   * Optional: the job carrying this key (SubmitRequest.key), live or ended since `since`, or undefined when the
   * system has none; the newest when several. Throws TransientError when it could not ask.
   */
  findByKey?(key: string, since: Date): Promise<string | undefined>
  /** Optional: readies the backend for this job before anything is asked (the local queue: --threads). */
  prepare?(job: ResolvedJob): Promise<void>
  /**
   * Optional: a backend that can push state changes (the local queue) waits without polling. Calls onState
   * for each change and resolves with the final statuses once every job has ended.
   */
  watch?(ids: readonly string[], onState: (s: JobStatus) => void, signal?: AbortSignal): Promise<Map<string, JobStatus>>
}

/** What a system says of a job before it is submitted (Backend.check). */
export interface CheckResult {
  /** Why it would never run, one line each naming the limit (`--time 00:20:00 is over partition short's MaxTime 00:10:00`); empty when it could. */
  refused: string[]
  /** What the user should hear when it could (when and where the scheduler would start it). */
  notes: string[]
}

export interface CancelResult {
  /** Ids the system has no job for. */
  unknown: string[]
  /** Ids whose jobs had already ended. */
  ended: string[]
}

export interface ReleaseResult {
  /** Ids the system has no job for (or no longer: a job that ended is gone from the queue). */
  unknown: string[]
}
