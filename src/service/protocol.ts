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

export type Request =
  | { type: 'hello'; version: number }
  | { type: 'submit'; job: LocalJobSpec; settings?: ClientSettings }
  | { type: 'status'; ids: string[] }
  /** `since`: jobs that ended since then (ISO), null for every job kept; absent: the last day (what 0.1.0 sent). */
  | { type: 'queue'; since?: string | null }
  | { type: 'watch'; ids: string[] }
  | { type: 'cancel'; ids: string[] }
  | { type: 'release'; ids: string[] }
  | { type: 'info' }
  | { type: 'stop' }

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

export type Response =
  | { type: 'hello'; version: number; pid: number }
  /** `job`: the files as stored (%j filled in); `notices`: what the user should hear (a request trimmed to fit). */
  | { type: 'submitted'; id: string; job?: { name: string; out: string; err: string; end: string }; notices?: string[] }
  | { type: 'statuses'; jobs: JobStatus[] }
  /** Pushed while watching: a job changed state. */
  | { type: 'state'; job: JobStatus }
  /** Ends a watch: every watched job has ended. */
  | { type: 'end'; jobs: JobStatus[] }
  /**
   * `ids`: cancelled now (a running one ends as cancelled once its processes are gone); `unknown`: no such job;
   * `ended`: it had already ended. The last two are absent from a 0.1.0 daemon (same protocol version).
   */
  | { type: 'cancelled'; ids: string[]; unknown?: string[]; ended?: string[] }
  /** `ids`: no longer held (a job that was not held is no error, as for scontrol release); `unknown`: no such job. */
  | { type: 'released'; ids: string[]; unknown: string[] }
  | { type: 'info'; info: DaemonInfo }
  | { type: 'stopping' }
  | { type: 'error'; code: string; message: string; hint?: string; usage?: boolean }

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
