// The messages between pcluster processes and the local queue daemon: newline-delimited JSON over a Unix
// socket, tagged by `type`. Each connection opens with `hello` (the protocol version) and carries one request.
import type { JobStatus } from '../core/states.js'

/**
 * 2: jobs carry args, a begin time, the submitter's umask and (submit-file) the script's text; submit answers notices.
 * 3: jobs carry GPUs and --hold, `release` lets held jobs start, info names the GPUs (a daemon of 2 would run
 * such jobs at once and without their GPUs, so it must refuse them: a new version).
 */
export const PROTOCOL_VERSION = 3

/** What a client asks the daemon to run: everything it needs, since the job may start long after. */
export interface LocalJobSpec {
  name: string
  script: string
  out: string
  err: string
  end: string
  cwd: string
  env: Record<string, string>
  cores: number
  /** MB, or null when the job did not ask for memory. */
  mem: number | null
  /** Seconds; null or 0 for no limit. */
  time: number | null
  depends: string[]
  /** The script does not write its own end record (submit-file): the daemon runs it under a wrapper that does. */
  wrap?: boolean
  /** submit-file: the script's arguments. */
  args?: string[]
  /** Not before this time (ISO); null or absent: as soon as it can. */
  begin?: string | null
  /** The submitter's umask, which the job's files are created with. */
  umask?: number
  /**
   * submit-file: the script's text as it was at submit; the daemon keeps this copy and runs it, as Slurm does,
   * so that later edits of the file do not change the job.
   */
  scriptText?: string
  /** GPUs on this machine (absent or 0: none), of this type when given (`a100`: matched against the devices' names). */
  gpus?: number
  gpuType?: string
  /** Submitted held: it waits until `release`. */
  hold?: boolean
}

/** A GPU the daemon owns: the id CUDA_VISIBLE_DEVICES names it by, and its name when nvidia-smi told it ('' otherwise). */
export interface Gpu {
  id: string
  name: string
}

/** What the submitter's [local] section says now: the daemon compares it with the one it started with. */
export interface ClientSettings {
  cores: number | null
  mem: number | null
  /** Refuse a job larger than the queue instead of trimming it to fit. */
  strict: boolean
}

/** Opens every connection: a client of another protocol version is refused (an ErrorResponse, code PROTOCOL). */
export interface HelloRequest { type: 'hello'; version: number }
export interface SubmitRequest { type: 'submit'; job: LocalJobSpec; settings?: ClientSettings }
export interface StatusRequest { type: 'status'; ids: string[] }
/** `since`: jobs that ended since then (ISO), null for every job kept; absent: the last day (what 0.1.0 sent). */
export interface QueueRequest { type: 'queue'; since?: string | null }
export interface WatchRequest { type: 'watch'; ids: string[] }
export interface CancelRequest { type: 'cancel'; ids: string[] }
export interface ReleaseRequest { type: 'release'; ids: string[] }
export interface InfoRequest { type: 'info' }
export interface StopRequest { type: 'stop' }

export type Request =
  | HelloRequest | SubmitRequest | StatusRequest | QueueRequest | WatchRequest | CancelRequest | ReleaseRequest | InfoRequest | StopRequest

export interface DaemonInfo {
  pid: number
  version: string
  store: string
  socket: string
  cores: number
  mem: number
  counts: Record<string, number>
  startedAt: string
  /** [local] cores and mem as they were when this daemon started (null: not set). */
  configured?: { cores: number | null; mem: number | null }
  /** The GPUs it found when it started, and how (CUDA_VISIBLE_DEVICES, nvidia-smi -L, or what it looked at). */
  gpus?: Gpu[]
  gpuSource?: string
  /**
   * The ids whose jobs the store had lost when this daemon started (its last transactions gone: a -wal file lost
   * or damaged); they are never handed out again, and each reads as a job whose end is unknown.
   */
  lost?: { first: number; last: number }
}

export interface HelloResponse { type: 'hello'; version: number; pid: number }
/** `job`: the files as stored (%j filled in); `notices`: what the user should hear (a request trimmed to fit). */
export interface SubmittedResponse { type: 'submitted'; id: string; job?: { name: string; out: string; err: string; end: string }; notices?: string[] }
/** Answers `status` and `queue`. */
export interface StatusesResponse { type: 'statuses'; jobs: JobStatus[] }
/** Pushed while watching: a job changed state. */
export interface StateEvent { type: 'state'; job: JobStatus }
/** Ends a watch: every watched job has ended. */
export interface EndEvent { type: 'end'; jobs: JobStatus[] }
/**
 * `ids`: cancelled now (a running one ends as cancelled once its processes are gone); `unknown`: no such job;
 * `ended`: it had already ended. The last two are absent from a 0.1.0 daemon (same protocol version).
 */
export interface CancelledResponse { type: 'cancelled'; ids: string[]; unknown?: string[]; ended?: string[] }
/** `ids`: no longer held (a job that was not held is no error, as for scontrol release); `unknown`: no such job. */
export interface ReleasedResponse { type: 'released'; ids: string[]; unknown: string[] }
export interface InfoResponse { type: 'info'; info: DaemonInfo }
/** Sent before the service leaves: the client waits for it. */
export interface StoppingResponse { type: 'stopping' }
/** A request refused or failed; `usage`: the user's mistake (exit 2). */
export interface ErrorResponse { type: 'error'; code: ServiceErrorCode; message: string; hint?: string; usage?: boolean }

export type Response =
  | HelloResponse | SubmittedResponse | StatusesResponse | StateEvent | EndEvent | CancelledResponse | ReleasedResponse
  | InfoResponse | StoppingResponse | ErrorResponse

/**
 * What each request's handler returns, for the server to send; `watch` is answered by the watchers' stream of
 * StateEvent, then EndEvent.
 */
export interface Answers {
  submit: SubmittedResponse
  status: StatusesResponse
  queue: StatusesResponse
  watch: void
  cancel: CancelledResponse
  release: ReleasedResponse
  info: InfoResponse
  stop: StoppingResponse
}

/**
 * Every code the service answers an ErrorResponse with, and those its log's fatal line names when it cannot
 * start (the client reads them from there). Other batch systems' errors are theirs (src/core/errors.ts).
 */
export type ServiceErrorCode =
  /** not a JSON line, no hello first, another protocol version, an unknown request */
  | 'PROTOCOL'
  /** submit: GPUs the service does not have; cores or memory over its own under [local] strict; a dependency it does not know */
  | 'NO_GPUS' | 'TOO_BIG' | 'NO_SUCH_JOB'
  /** the store failed a read or write (its message says which and why); the OS refused a file (a script's copy) */
  | 'STORE_FAILED' | 'OS_ERROR'
  /** at start: the store cannot be opened, the id mark cannot be read, another service holds the lock */
  | 'STORE_UNREADABLE' | 'ID_MARK' | 'DAEMON_RUNNING'
  /** a fault of the service itself (a bug) */
  | 'INTERNAL'

/**
 * Splits a stream of chunks into JSON messages, one per line. A line that is not JSON is handed over as a
 * `SyntaxError` value, so that one bad line cannot crash a reader.
 */
export function lineReader(onMessage: (msg: unknown) => void): (chunk: string) => void {
  // the pieces of a line not ended yet: joined once its newline comes. Appending each chunk to one string and
  // searching it from the start made a large answer (20,000 jobs, 8 MB) cost quadratic time: 0.3 s of `queue`.
  const pending: string[] = []
  const take = (line: string) => {
    if (!line.trim()) return
    let msg: unknown
    try {
      msg = JSON.parse(line)
    } catch (e) {
      msg = e as SyntaxError
    }
    onMessage(msg)
  }
  return (chunk) => {
    let start = 0
    for (let i = chunk.indexOf('\n'); i >= 0; i = chunk.indexOf('\n', start)) {
      pending.push(chunk.slice(start, i))
      const line = pending.join('')
      pending.length = 0
      start = i + 1
      take(line)
    }
    if (start < chunk.length) pending.push(chunk.slice(start))
  }
}
