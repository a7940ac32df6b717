// The local queue daemon: one per user and host. Owns the store, starts jobs by cores and memory, re-adopts
// jobs that outlived a previous daemon, pushes state changes to watchers, and leaves when idle.
import { spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, closeSync, existsSync, openSync, readFileSync, rmSync, statSync, unlinkSync } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import { constants as osConstants, hostname } from 'node:os'
import Database from 'better-sqlite3'
import { PclusterError } from '../../core/errors.js'
import { readEndRecord } from '../../core/jobscript.js'
import { isFinal, type JobState, type JobStatus } from '../../core/states.js'
import { currentUser } from '../../core/user.js'
import { VERSION } from '../../core/version.js'
import { localPaths, type LocalPaths } from './paths.js'
import { lineReader, PROTOCOL_VERSION, type LocalJobSpec, type Request, type Response } from './protocol.js'
import { neverRunnable, startable, tooBig, type Capacity } from './scheduler.js'
import { Store, type JobUpdate, type LocalJob } from './store.js'

export interface DaemonSettings {
  capacity: Capacity
  /** Leave after this long with nothing queued, running or connected. */
  idleMs: number
}

/** The start time of a process (/proc/PID/stat field 22), or undefined when it is gone. */
export function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]
  } catch {
    return undefined
  }
}

/** Whether the process that started the job still runs: its pid and start time both match. */
function stillRuns(job: LocalJob): boolean {
  return !!job.pid && !!job.pidStart && processStart(job.pid) === job.pidStart
}

export function toStatus(j: LocalJob): JobStatus {
  return {
    id: j.id, state: j.state, rawState: j.state.toUpperCase(), reason: j.reason, name: j.name, user: j.user,
    partition: 'local', nodes: hostname(), nodeCount: 1, cores: j.cores, exitCode: j.exitCode, signal: j.signal,
    startedAt: j.startedAt, endedAt: j.endedAt, ...(j.depends.length ? { dependency: j.depends.join(',') } : {}),
  }
}

/** How long a stopped job has between SIGTERM and SIGKILL. */
const STOP_GRACE_MS = 10_000

function signalGroup(job: LocalJob, sig: NodeJS.Signals): void {
  try {
    process.kill(-job.pid!, sig)
  } catch { /* the group is gone */ }
}

/** Runs a script that does not write its own end record (submit-file), writing one for it. */
const WRAPPER = 'start=$(date +%s); if [ -x "$1" ]; then "$1"; else bash "$1"; fi; rc=$?; ' +
  `printf 'exit_code=%s\\nstart=%s\\nend=%s\\n' "$rc" "$start" "$(date +%s)" > "$2.tmp" && mv -f "$2.tmp" "$2"; exit $rc`

export class Daemon {
  private store!: Store
  private lockDb: Database.Database | undefined
  private server: Server | undefined
  private readonly children = new Map<string, ChildProcess>()
  private readonly finishing = new Set<string>()
  private readonly watchers = new Set<{ ids: Set<string>; socket: Socket }>()
  private readonly sockets = new Set<Socket>()
  private connections = 0
  private lastActivity = Date.now()
  private ticker: NodeJS.Timeout | undefined
  private readonly startedAt = new Date().toISOString()

  constructor(private readonly settings: DaemonSettings, readonly paths: LocalPaths = localPaths()) {}

  /** Takes the per-user lock, opens the store, re-adopts running jobs, listens. */
  async start(): Promise<void> {
    this.lock()
    this.store = new Store(this.paths.store)
    chmodSync(this.paths.store, 0o600)
    this.adopt()
    await this.listen()
    this.schedule()
    this.ticker = setInterval(() => this.tick(), 500)
  }

  /**
   * A SQLite file held in exclusive locking mode: the kernel drops the lock when this process dies, even by
   * SIGKILL, so a stale lock cannot exist and two daemons never run at once.
   */
  private lock(): void {
    const db = new Database(this.paths.lock, { timeout: 0 })
    chmodSync(this.paths.lock, 0o600)
    db.pragma('locking_mode = EXCLUSIVE')
    try {
      db.exec('BEGIN EXCLUSIVE')
      db.exec('CREATE TABLE IF NOT EXISTS owner (pid INTEGER)')
      db.exec('COMMIT')
    } catch (e) {
      db.close()
      throw new PclusterError('DAEMON_RUNNING', `another local queue daemon holds ${this.paths.lock}: ${(e as Error).message}`)
    }
    this.lockDb = db
  }

  private async listen(): Promise<void> {
    if (existsSync(this.paths.socket)) unlinkSync(this.paths.socket) // ours to remove: we hold the lock
    const server = createServer((socket) => this.serve(socket))
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      const old = process.umask(0o077) // the socket is born 0600: no other user can connect
      server.listen(this.paths.socket, () => {
        process.umask(old)
        resolve()
      })
    })
    chmodSync(this.paths.socket, 0o600)
    this.server = server
  }

  /** Jobs marked running by a previous daemon: still running (same pid and start time) or ended meanwhile. */
  private adopt(): void {
    for (const job of this.store.list(['running'])) if (!stillRuns(job)) this.finishLater(job.id) // else tick() watches it
  }

  private tick(): void {
    const now = Date.now()
    const live = this.store.list(['pending', 'running'])
    for (const job of live.filter((j) => j.state === 'running')) {
      // re-adopted jobs are not our children: notice their end by their pid going away
      if (!this.children.has(job.id) && !stillRuns(job)) this.finishLater(job.id)
      // time limits are checked here rather than with timers: setTimeout cannot wait more than 24.8 days
      else if (job.time && job.startedAt && now > Date.parse(job.startedAt) + job.time * 1000 && !job.stopRequestedAt) this.kill(job, 'timeout')
      else if (job.stopRequestedAt && now > Date.parse(job.stopRequestedAt) + STOP_GRACE_MS && stillRuns(job)) signalGroup(job, 'SIGKILL')
    }
    if (live.length > 0 || this.connections > 0) this.lastActivity = now
    else if (now - this.lastActivity > this.settings.idleMs) void this.stop()
  }

  // ---- requests -------------------------------------------------------------------------------------------

  private serve(socket: Socket): void {
    this.connections++
    this.sockets.add(socket)
    this.lastActivity = Date.now()
    socket.setEncoding('utf8')
    const send = (msg: Response) => { if (!socket.destroyed) socket.write(JSON.stringify(msg) + '\n') }
    let greeted = false
    socket.on('data', lineReader((msg) => {
      if (socket.destroyed) return
      try {
        if (msg instanceof SyntaxError) throw new PclusterError('PROTOCOL', `not a JSON message: ${msg.message}`)
        const req = msg as Request
        // nothing is done for a client that has not agreed on the protocol: the rest of what it sent is dropped
        if (!greeted && req.type !== 'hello') throw new PclusterError('PROTOCOL', 'a connection must open with hello')
        this.handle(req, send, socket)
        if (req.type === 'hello') greeted = true
      } catch (e) {
        const err = e as PclusterError
        send({ type: 'error', code: err.code ?? 'INTERNAL', message: err.message, hint: err.hint, usage: err.exitCode === 2 })
        if (!greeted || err.code === 'PROTOCOL') socket.end()
      }
    }))
    socket.on('error', () => undefined)
    socket.on('close', () => {
      this.connections--
      this.sockets.delete(socket)
      for (const w of this.watchers) if (w.socket === socket) this.watchers.delete(w)
    })
  }

  private handle(req: Request, send: (m: Response) => void, socket: Socket): void {
    switch (req.type) {
      case 'hello':
        if (req.version !== PROTOCOL_VERSION)
          throw new PclusterError('PROTOCOL', `the local queue daemon speaks protocol ${PROTOCOL_VERSION}, this pcluster ${req.version}`,
            { hint: 'pcluster local stop, then try again (queued jobs stay queued)' })
        return send({ type: 'hello', version: PROTOCOL_VERSION, pid: process.pid })
      case 'submit':
        return send({ type: 'submitted', id: this.submit(req.job) })
      case 'status':
        return send({ type: 'statuses', jobs: req.ids.map((id) => this.store.get(id)).filter((j): j is LocalJob => !!j).map(toStatus) })
      case 'queue':
        return send({ type: 'statuses', jobs: this.store.recent(new Date(Date.now() - 86400_000)).map(toStatus) })
      case 'watch': {
        const jobs = req.ids.map((id) => this.store.get(id))
        const known = jobs.filter((j): j is LocalJob => !!j)
        for (const j of known) send({ type: 'state', job: toStatus(j) })
        const open = new Set(known.filter((j) => !isFinal(j.state)).map((j) => j.id))
        if (!open.size) return send({ type: 'end', jobs: known.map(toStatus) })
        this.watchers.add({ ids: new Set(req.ids), socket })
        return
      }
      case 'cancel':
        return send({ type: 'cancelled', ids: this.cancel(req.ids) })
      case 'info':
        return send({ type: 'info', info: {
          pid: process.pid, version: VERSION, store: this.paths.store, socket: this.paths.socket,
          cores: this.settings.capacity.cores, mem: this.settings.capacity.mem, counts: this.store.counts(), startedAt: this.startedAt,
        } })
      case 'stop':
        send({ type: 'stopping' })
        socket.end()
        setImmediate(() => void this.stop())
        return
      default:
        throw new PclusterError('PROTOCOL', `unknown request ${JSON.stringify((req as { type: unknown }).type)}`)
    }
  }

  private submit(spec: LocalJobSpec): string {
    const cap = this.settings.capacity
    if (spec.cores > cap.cores)
      throw new PclusterError('TOO_BIG', `--cores ${spec.cores} is more than the local queue has (${cap.cores} cores)`,
        { exitCode: 2, hint: 'ask for fewer cores, or raise [local] cores in the config' })
    if (spec.mem && spec.mem > cap.mem)
      throw new PclusterError('TOO_BIG', `--mem ${spec.mem}M is more than the local queue has (${cap.mem} MB)`,
        { exitCode: 2, hint: 'ask for less memory, or raise [local] mem in the config' })
    for (const d of spec.depends)
      if (!this.store.get(d))
        throw new PclusterError('NO_SUCH_JOB', `--depends ${d}: the local queue has no job ${d}`, { exitCode: 2 })
    const job = this.store.insert(spec, currentUser(), 'pending') // committed before we answer
    if (spec.wrap) // submit-file: outputs named by the job id (the client's %j), as Slurm's slurm-%j.out
      this.store.setPaths(job.id, { out: spec.out.replaceAll('%j', job.id), err: spec.err.replaceAll('%j', job.id), end: spec.end.replaceAll('%j', job.id) })
    setImmediate(() => this.schedule()) // answer first: starting the job is not the submitter's wait
    return job.id
  }

  private cancel(ids: readonly string[]): string[] {
    const done: string[] = []
    const changes: { id: string; set: JobUpdate }[] = []
    for (const id of ids) {
      const job = this.store.get(id)
      if (!job || isFinal(job.state) || this.finishing.has(id)) continue // its end is being recorded: too late
      done.push(id)
      if (job.state === 'pending') changes.push({ id, set: { state: 'cancelled', reason: 'cancelled by the user', endedAt: new Date().toISOString() } })
      else this.kill(job, 'cancel')
    }
    this.store.update(changes)
    this.changed(changes.map((c) => c.id))
    this.schedule()
    return done
  }

  // ---- running jobs ---------------------------------------------------------------------------------------

  /** Applies the scheduler's decisions: never-runnable jobs end, jobs that fit start. */
  private schedule(): void {
    const now = new Date().toISOString()
    const live = () => this.store.list(['pending', 'running'])
    let jobs = live()
    const byId = new Map(jobs.map((j) => [j.id, j]))
    const misfits = tooBig(jobs, this.settings.capacity).filter(({ id, reason }) => byId.get(id)?.reason !== reason)
      .map(({ id, reason }) => ({ id, set: { reason } }))
    this.store.update(misfits)
    const broken = neverRunnable(jobs, this.store.states(jobs.flatMap((j) => j.depends)))
      .map(({ id, reason }) => ({ id, set: { state: 'dependency_never_satisfied' as JobState, reason, endedAt: now } }))
    this.store.update(broken)
    this.changed(broken.map((b) => b.id))
    if (broken.length) jobs = live()
    for (const id of startable(jobs, this.store.states(jobs.flatMap((j) => j.depends)), this.settings.capacity))
      this.launch(this.store.get(id)!)
  }

  private launch(job: LocalJob): void {
    let out: number | undefined
    let err: number | undefined
    try {
      if (!statSync(job.cwd, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`its folder ${job.cwd} is gone`)
      out = openSync(job.out, 'w')
      err = job.err === job.out ? out : openSync(job.err, 'w')
      const argv = job.wrap ? ['bash', '-c', WRAPPER, 'pcluster-job', job.script, job.end] : ['bash', job.script]
      rmSync(job.end, { force: true }) // an end record left from an earlier run must not speak for this one
      const child = spawn(argv[0]!, argv.slice(1), {
        cwd: job.cwd, detached: true, stdio: ['ignore', out, err],
        env: { ...job.env, PCLUSTER_JOB_ID: job.id, PCLUSTER_CORES: String(job.cores), PCLUSTER_QTYPE: 'local' },
      })
      const pid = child.pid
      if (!pid) {
        child.once('error', () => undefined) // reported below instead
        throw new Error('the job process did not start')
      }
      this.children.set(job.id, child)
      child.on('exit', (code, sig) => this.finishLater(job.id, { code, signal: sig }))
      const started = new Date().toISOString()
      this.store.update([{ id: job.id, set: { state: 'running', pid, pidStart: processStart(pid) ?? null, startedAt: started } }])
      this.changed([job.id])
    } catch (e) {
      this.store.update([{ id: job.id, set: { state: 'failed', reason: `could not start: ${(e as Error).message}`, endedAt: new Date().toISOString() } }])
      this.changed([job.id])
    } finally {
      if (out !== undefined) closeSync(out)
      if (err !== undefined && err !== out) closeSync(err)
    }
  }

  /**
   * SIGTERM to the job's whole process group (its own session); tick() sends SIGKILL STOP_GRACE_MS later. Why
   * and when it was stopped are stored first, so that a daemon that dies meanwhile still finishes the job off
   * and ends it as cancelled or timeout.
   */
  private kill(job: LocalJob, why: 'cancel' | 'timeout'): void {
    const reason = why === 'cancel' ? 'cancelled by the user' : `ran past its time limit of ${job.time} s`
    this.store.update([{ id: job.id, set: { reason, stopRequestedAt: new Date().toISOString() } }])
    signalGroup(job, 'SIGTERM')
  }

  private finishLater(id: string, exit?: { code: number | null; signal: NodeJS.Signals | null }): void {
    if (this.finishing.has(id)) return
    this.finishing.add(id)
    this.finish(id, exit)
      .catch((e: Error) => console.error(`${new Date().toISOString()} could not record the end of job ${id}: ${e.message}`))
      .finally(() => this.finishing.delete(id))
  }

  /** A job's process ended: its own end record decides, unless we cancelled or timed it out. */
  private async finish(id: string, exit?: { code: number | null; signal: NodeJS.Signals | null }): Promise<void> {
    const job = this.store.get(id)
    if (!job || job.state !== 'running') return
    this.children.delete(id)
    const record = await readEndRecord(job.end)
    const current = this.store.get(id)
    if (!current || current.state !== 'running') return
    if (current.stopRequestedAt) signalGroup(current, 'SIGKILL') // what of a stopped job outlived its leader goes too
    const now = new Date().toISOString()
    const signal = exit?.signal ? osConstants.signals[exit.signal] ?? null : null
    const set: JobUpdate = { endedAt: record?.endedAt || now, exitCode: record?.exitCode ?? exit?.code ?? null, signal }
    if (current.reason.startsWith('cancelled')) set.state = 'cancelled'
    else if (current.reason.startsWith('ran past')) set.state = 'timeout'
    else if (record) set.state = record.exitCode === 0 ? 'completed' : 'failed'
    else if (exit) Object.assign(set, { state: 'failed', reason: `ended without an end record (${exit.signal ? `signal ${exit.signal}` : `exit ${exit.code}`})` })
    else Object.assign(set, { state: 'unknown', reason: 'its process ended without writing an end record' })
    this.store.update([{ id, set }])
    this.changed([id])
    this.schedule()
  }

  /** Pushes new states to the watchers of these jobs; ends a watch when all its jobs have ended. */
  private changed(ids: readonly string[]): void {
    if (!ids.length || !this.watchers.size) return
    for (const w of [...this.watchers]) {
      const mine = ids.filter((id) => w.ids.has(id))
      if (!mine.length) continue
      const send = (m: Response) => { if (!w.socket.destroyed) w.socket.write(JSON.stringify(m) + '\n') }
      for (const id of mine) send({ type: 'state', job: toStatus(this.store.get(id)!) })
      const all = [...w.ids].map((id) => this.store.get(id)).filter((j): j is LocalJob => !!j)
      if (all.every((j) => isFinal(j.state))) {
        send({ type: 'end', jobs: all.map(toStatus) })
        this.watchers.delete(w)
      }
    }
  }

  /** Leaves: running jobs keep running (their own sessions) and are re-adopted by the next daemon. */
  async stop(): Promise<void> {
    clearInterval(this.ticker)
    for (const s of this.sockets) s.destroy()
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()))
    try { unlinkSync(this.paths.socket) } catch { /* gone */ }
    this.store?.close()
    this.lockDb?.close()
    process.exit(0)
  }
}
