// The client side of the local queue: connects to the user's daemon, starting it when none runs (detached,
// in its own session), says hello, sends one request and reads the answers. It never opens the store.
import { closeSync, openSync, readFileSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { fileURLToPath } from 'node:url'
import { PclusterError, UsageError } from '../../core/errors.js'
import { notify } from '../../core/notices.js'
import { localPaths, type LocalPaths } from './paths.js'
import { noAnswer, patience, slowNotice, writtenPid } from './patience.js'
import { clearStopped, isStopped, stoppedError } from './stopped.js'
import { lineReader, PROTOCOL_VERSION, type Request, type Response } from '../../service/protocol.js'

/** The service's entry: beside the bundle when bundled (dist/bundle/daemon-main.js), else as tsc compiled it. */
const DAEMON_ENTRY = fileURLToPath(new URL(import.meta.url.endsWith('/bundle/main.cjs') ? './daemon-main.js' : '../../service/main.js', import.meta.url))

function tryConnect(path: string): Promise<Socket | undefined> {
  return new Promise((resolve, reject) => {
    const socket = connect(path)
    socket.once('connect', () => resolve(socket))
    socket.once('error', (e: NodeJS.ErrnoException) => {
      socket.destroy()
      if (e.code === 'ENOENT' || e.code === 'ECONNREFUSED') resolve(undefined)
      else reject(new PclusterError('LOCAL_CONNECT', `cannot reach the local queue at ${path}: ${e.message}`))
    })
  })
}

/** The daemon log's last line, without its time; `code`: the error's, when the line is a fatal error that names it. */
function lastLogLine(paths: LocalPaths): { text: string; code?: string } {
  let line = ''
  try {
    line = readFileSync(paths.log, 'utf8').trim().split('\n').pop() ?? ''
  } catch { /* no log yet */ }
  const fatal = /^\S+ fatal(?: \((\w+)\))?: (.*)$/.exec(line)
  return fatal ? { text: fatal[2]!, ...(fatal[1] ? { code: fatal[1] } : {}) } : { text: line }
}

/**
 * Why the daemon did not start, as an error. An unreadable store is said at once, with its path, and never asked
 * again (waiting would retry for minutes and then report a job it cannot read as failed): exit 3, as a job
 * whose end cannot be known (forRequest makes it 1 where no job's end was asked).
 */
function startFailure(paths: LocalPaths, code: number): PclusterError {
  const last = lastLogLine(paths)
  if (last.code === 'STORE_UNREADABLE')
    return new PclusterError('STORE_UNREADABLE', last.text, { exitCode: 3, final: true,
      hint: `it was left as it is; move it aside to start an empty queue (its jobs would be forgotten); the daemon's log: ${paths.log}` })
  return new PclusterError('LOCAL_DAEMON_FAILED', `the local queue daemon did not start: ${last.text || `exit ${code}`}`, { hint: `its log: ${paths.log}` })
}

/**
 * Starts the daemon, detached in its own session, its output appended to daemon.log. node:child_process is
 * loaded here, not at the top: most submits find the daemon running, and loading it costs a few ms a start.
 */
async function startDaemon(paths: LocalPaths, cores?: number): Promise<{ exited: () => number | null }> {
  const { spawn } = await import('node:child_process')
  const log = openSync(paths.log, 'a', 0o600)
  const env = cores ? { ...process.env, PCLUSTER_LOCAL_CORES: String(cores) } : process.env
  const child = spawn(process.execPath, [DAEMON_ENTRY], { detached: true, stdio: ['ignore', log, log], env })
  closeSync(log)
  let code: number | null = null
  child.on('exit', (c) => (code = c ?? 1))
  child.unref()
  return { exited: () => code }
}

export interface ConnectOptions {
  /**
   * Start the daemon when none runs (default true), unless `local stop` stopped it: then a LOCAL_STOPPED error,
   * except with `resume` (a submit, `local start`), which lifts the stop.
   */
  start?: boolean
  resume?: boolean
  /** The cores a daemon started now owns (--threads); otherwise the config's, else all. */
  cores?: number
  /** Ends the conversation early (wait --timeout): the connection is closed and the call returns. */
  signal?: AbortSignal
  /** The protocol version to say hello in (default ours): `local stop` speaks an older daemon's to stop it. */
  version?: number
}

/** A connection to the running daemon, started if needed. */
export async function connectDaemon(opts: ConnectOptions = {}): Promise<Socket | undefined> {
  const paths = localPaths()
  if (opts.resume) clearStopped(paths)
  const first = await tryConnect(paths.socket)
  if (first || opts.start === false) return first
  if (isStopped(paths)) throw stoppedError()
  const daemon = await startDaemon(paths, opts.cores)
  const deadline = Date.now() + 15_000
  for (let pause = 10; Date.now() < deadline; pause = Math.min(pause * 2, 100)) {
    await new Promise((r) => setTimeout(r, pause))
    const socket = await tryConnect(paths.socket)
    if (socket) return socket
    const code = daemon.exited()
    // exit 1 with a daemon already serving is a lost race between two starters: keep trying to connect
    if (code !== null && code !== 0 && !/another local queue daemon/.test(lastLogLine(paths).text)) throw startFailure(paths, code)
  }
  throw new PclusterError('LOCAL_DAEMON_FAILED', 'the local queue daemon did not answer within 15 s', { hint: `its log: ${paths.log}` })
}

function toError(msg: Extract<Response, { type: 'error' }>): PclusterError {
  return msg.usage ? new UsageError(msg.code, msg.message, { hint: msg.hint }) : new PclusterError(msg.code, msg.message, { hint: msg.hint })
}

/** The connection closed before the daemon said hello: it was leaving (idle), so nothing was done. */
class ClosedBeforeHello extends PclusterError {}

/**
 * Says hello, waits for the daemon's hello, then sends one request and calls onMessage for each answer until
 * it returns true (done). A daemon that closes before its hello was leaving as we came: asked again, which
 * starts a new one.
 */
export async function converse(req: Request, onMessage: (msg: Response) => boolean, opts: ConnectOptions = {}): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await conversation(req, onMessage, opts)
    } catch (e) {
      if (!(e instanceof ClosedBeforeHello) || attempt >= 3) throw e
    }
  }
}

/** The requests that read how jobs ended: with the store unreadable, a job's end cannot be known (exit 3). */
const READS_ENDS: ReadonlySet<Request['type']> = new Set(['status', 'watch', 'queue'])

/**
 * An unreadable store, for this request: exit 3 where it was asked how jobs ended (wait, queue), exit 1 for the
 * rest (a submit is refused: nothing was queued).
 */
function forRequest(req: Request, e: unknown): unknown {
  return !READS_ENDS.has(req.type) && e instanceof PclusterError && e.code === 'STORE_UNREADABLE'
    ? new PclusterError(e.code, e.message, { hint: e.hint, final: true })
    : e
}

async function conversation(req: Request, onMessage: (msg: Response) => boolean, opts: ConnectOptions): Promise<void> {
  const socket = await connectDaemon(opts).catch((e: unknown) => { throw forRequest(req, e) })
  if (!socket) throw new PclusterError('LOCAL_NOT_RUNNING', 'the local queue daemon is not running')
  socket.setEncoding('utf8')
  const paths = localPaths()
  const wait = patience()
  await new Promise<void>((resolve, reject) => {
    let done = false
    let greeted = false
    let pid: number | undefined
    const daemonPid = () => pid ?? writtenPid(paths.pid)
    // until the first answer to the request: after it, a watch's silence only means no job changed
    const timers = [
      wait.noticeS > 0 && setTimeout(() => notify(slowNotice(daemonPid(), wait, paths.log)), wait.noticeS * 1000),
      wait.giveUpS > 0 && setTimeout(() => finish(noAnswer(req, greeted, daemonPid(), wait.giveUpS, paths.log)), wait.giveUpS * 1000),
    ]
    const answered = () => { for (const t of timers) if (t) clearTimeout(t) }
    const finish = (err?: Error) => {
      if (done) return
      done = true
      answered()
      // a daemon that does not answer would not close its end either: this one is left at once
      if (err instanceof PclusterError && (err.code === 'LOCAL_NO_ANSWER' || err.code === 'SUBMIT_UNKNOWN')) socket.destroy()
      else socket.end()
      if (err) reject(err)
      else resolve()
    }
    socket.on('data', lineReader((raw) => {
      if (raw instanceof SyntaxError) return finish(new PclusterError('PROTOCOL', `the local queue daemon sent ${raw.message}`))
      const msg = raw as Response
      if (msg.type === 'error') return finish(toError(msg))
      if (msg.type === 'hello') {
        greeted = true
        pid = msg.pid
        socket.write(JSON.stringify(req) + '\n')
        return
      }
      answered()
      if (onMessage(msg)) finish()
    }))
    // after the request went out, a lost connection leaves a submission's outcome unknown
    const lost = (why: string) => req.type === 'submit'
      ? new PclusterError('SUBMIT_UNKNOWN', `the local queue connection was lost after submitting: ${why}`,
        { hint: 'the job may have been queued all the same: check pcluster queue before submitting it again' })
      : new PclusterError('LOCAL_CONNECT', `the local queue connection was lost: ${why}`, { hint: `the daemon's log: ${paths.log}` })
    socket.on('error', (e) => finish(greeted ? lost(e.message) : new ClosedBeforeHello('LOCAL_CONNECT', e.message)))
    socket.on('close', () => finish(greeted ? lost('the daemon closed it') : new ClosedBeforeHello('LOCAL_CONNECT', 'closed before hello')))
    if (opts.signal) {
      if (opts.signal.aborted) return finish()
      opts.signal.addEventListener('abort', () => finish(), { once: true })
    }
    socket.write(JSON.stringify({ type: 'hello', version: opts.version ?? PROTOCOL_VERSION }) + '\n')
  })
}

/** One request, one answer of the expected type. */
export async function ask<T extends Response['type']>(req: Request, type: T, opts: ConnectOptions = {}): Promise<Extract<Response, { type: T }>> {
  let answer: Extract<Response, { type: T }> | undefined
  await converse(req, (msg) => {
    if (msg.type !== type) return false
    answer = msg as Extract<Response, { type: T }>
    return true
  }, opts)
  return answer!
}
