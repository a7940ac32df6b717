// The batch system detected here, answered synchronously (for the library's option helpers, as python-cluster's
// options_to_string used the mode found at import). Detection runs the schedulers' commands, which Node runs
// only asynchronously: a worker thread runs the one detectQType while this thread waits on a
// shared flag; the worker's log lines and notices are then replayed here, as if detection had run here.
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads'
import { PclusterError } from '../core/errors.js'
import { getLogLevel, logLine, type LogLevel } from '../core/log.js'
import { notify } from '../core/notices.js'
import { BACKEND_NAMES, parseQType } from './index.js'
import type { BackendName } from './types.js'

/** What the worker posts: a log line, a notice, or why detection failed. */
export type DetectMessage = { log: LogLevel; line: string } | { notice: string } | { error: { code: string; message: string; hint?: string } }

/** Longer than any detection takes (Slurm's configless probe gives up after 10 s). */
const TIMEOUT_MS = 60_000

const found = new Map<string, BackendName>()

export function detectQTypeSync(): BackendName {
  const env = process.env.PCLUSTER_QTYPE
  if (env) return parseQType(env, 'PCLUSTER_QTYPE')
  // what detection reads: the same answer while these stay the same
  const key = [process.env.PATH, process.env.SLURM_CONF, process.env.SGE_ROOT].join('\0')
  const known = found.get(key)
  if (known) return known
  const flag = new Int32Array(new SharedArrayBuffer(8)) // [done, index in BACKEND_NAMES or -1]
  const { port1, port2 } = new MessageChannel()
  const worker = new Worker(new URL('./detectworker.js', import.meta.url), {
    workerData: { flag, port: port2, level: getLogLevel() }, transferList: [port2], execArgv: [], // not the caller's flags: under node -e they hold the code, and such a worker never answered
  })
  worker.unref()
  const waited = Atomics.wait(flag, 0, 0, TIMEOUT_MS)
  let failure: PclusterError | undefined
  for (let m = receiveMessageOnPort(port1); m; m = receiveMessageOnPort(port1)) {
    const msg = m.message as DetectMessage
    if ('log' in msg) logLine(msg.log, msg.line)
    else if ('notice' in msg) notify(msg.notice)
    else failure = new PclusterError(msg.error.code, msg.error.message, msg.error.hint ? { hint: msg.error.hint } : {})
  }
  port1.close()
  void worker.terminate()
  if (waited === 'timed-out')
    throw new PclusterError('DETECT_TIMEOUT', `finding the batch system here took more than ${TIMEOUT_MS / 1000} s`, { hint: 'pass qtype, or set PCLUSTER_QTYPE' })
  const name = BACKEND_NAMES[Atomics.load(flag, 1)]
  if (failure || !name) throw failure ?? new PclusterError('DETECT_FAILED', 'finding the batch system here failed', { hint: 'pass qtype, or set PCLUSTER_QTYPE' })
  found.set(key, name)
  return name
}
