// The local queue daemon: one per user and host. Owns the store, starts jobs by cores and memory, re-adopts
// jobs that outlived a previous daemon, pushes state changes to watchers, and leaves when idle.
import { spawn, type ChildProcess } from 'node:child_process'
import { closeSync, openSync, readFileSync, unlinkSync, chmodSync, existsSync, statSync } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import { hostname } from 'node:os'
import Database from 'better-sqlite3'
import { PclusterError } from '../../core/errors.js'
import { readEndRecord } from '../../core/jobscript.js'
import { isFinal, type JobState, type JobStatus } from '../../core/states.js'
import { currentUser } from '../../core/user.js'
import { VERSION } from '../../core/version.js'
import { localPaths, type LocalPaths } from './paths.js'
import { lineReader, PROTOCOL_VERSION, type LocalJobSpec, type Request, type Response } from './protocol.js'
import { neverRunnable, startable, type Capacity } from './scheduler.js'
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

/** Runs a script that does not write its own end record (submit-file), writing one for it. */
const WRAPPER = 'start=$(date +%s); bash "$1"; rc=$?; ' +
  `printf 'exit_code=%s\\nstart=%s\\nend=%s\\n' "$rc" "$start" "$(date +%s)" > "$2.tmp" && mv -f "$2.tmp" "$2"; exit $rc`

export class Daemon {
  private store!: Store
  private lockDb: Database.Database | undefined
  private server: Server | undefined
  private readonly children = new Map<string, ChildProcess>()
  private readonly cancelling = new Set<string>()
  private readonly timers = new Map<string, NodeJS.Timeout>()
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
    for (const job of this.store.list(['running'])) {
      if (stillRuns(job)) {
        this.armTimeLimit(job)
        continue // watched by tick()
      }
      void this.finish(job.id)
    }
  }

  private tick(): void {
    // re-adopted jobs are not our children: notice their end by their pid going away
    for (const job of this.store.list(['running']))
      if (!this.children.has(job.id) && !stillRuns(job)) void this.finish(job.id)
    const busy = this.store.list(['pending', 'running']).length > 0
    if (busy || this.connections > 0) this.lastActivity = Date.now()
    else if (Date.now() - this.lastActivity > this.settings.idleMs) void this.stop()
  }

  // ---- requests -------------------------------------------------------------------------------------------

  private serve(socket: Socket): void {
    this.connections++
    this.sockets.add(socket)
    this.lastActivity = Date.now()
    socket.setEncoding('utf8')
    const send = (msg: Response) => { if (!socket.destroyed) socket.write(JSON.stringify(msg) + '\n') }
    socket.on('data', lineReader((msg) => {
      try {
        this.handle(msg as Request, send, socket)
      } catch (e) {
        const err = e as PclusterError
        send({ type: 'error', code: err.code ?? 'INTERNAL', message: err.message, hint: err.hint, usage: err.exitCode === 2 })
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
    setImmediate(() => this.schedule()) // answer first: starting the job is not the submitter's wait
    return job.id
  }

  private cancel(ids: readonly string[]): string[] {
    const done: string[] = []
    const changes: { id: string; set: JobUpdate }[] = []
    for (const id of ids) {
      const job = this.store.get(id)
      if (!job || isFinal(job.state)) continue
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
      const child = spawn(argv[0]!, argv.slice(1), {
        cwd: job.cwd, detached: true, stdio: ['ignore', out, err],
        env: { ...job.env, PCLUSTER_JOB_ID: job.id, PCLUSTER_CORES: String(job.cores), PCLUSTER_QTYPE: 'local' },
      })
      const pid = child.pid
      if (!pid) throw new Error('the job process did not start')
      this.children.set(job.id, child)
      child.on('exit', () => void this.finish(job.id))
      const started = new Date().toISOString()
      this.store.update([{ id: job.id, set: { state: 'running', pid, pidStart: processStart(pid) ?? null, startedAt: started } }])
      this.armTimeLimit({ ...job, startedAt: started, pid })
      this.changed([job.id])
    } catch (e) {
      this.store.update([{ id: job.id, set: { state: 'failed', reason: `could not start: ${(e as Error).message}`, endedAt: new Date().toISOString() } }])
      this.changed([job.id])
    } finally {
      if (out !== undefined) closeSync(out)
      if (err !== undefined && err !== out) closeSync(err)
    }
  }

  private armTimeLimit(job: LocalJob): void {
    if (!job.time || !job.startedAt) return
    const left = Date.parse(job.startedAt) + job.time * 1000 - Date.now()
    this.timers.set(job.id, setTimeout(() => {
      const now = this.store.get(job.id)
      if (now?.state === 'running') this.kill(now, 'timeout')
    }, Math.max(0, left)))
  }

  /** SIGTERM to the job's whole process group (its own session), SIGKILL 10 s later if still there. */
  private kill(job: LocalJob, why: 'cancel' | 'timeout'): void {
    this.cancelling.add(`${job.id}:${why}`)
    const signal = (sig: NodeJS.Signals) => { try { process.kill(-job.pid!, sig) } catch { /* gone */ } }
    signal('SIGTERM')
    setTimeout(() => { if (stillRuns(job)) signal('SIGKILL') }, 10_000).unref()
  }

  /** A job's process ended: its own end record decides, unless we cancelled or timed it out. */
  private async finish(id: string): Promise<void> {
    const job = this.store.get(id)
    if (!job || job.state !== 'running') return
    this.children.delete(id)
    clearTimeout(this.timers.get(id))
    this.timers.delete(id)
    const record = await readEndRecord(job.end)
    const now = new Date().toISOString()
    const set: JobUpdate = { endedAt: record?.endedAt || now, exitCode: record?.exitCode ?? null }
    if (this.cancelling.delete(`${id}:cancel`)) Object.assign(set, { state: 'cancelled', reason: 'cancelled by the user' })
    else if (this.cancelling.delete(`${id}:timeout`)) Object.assign(set, { state: 'timeout', reason: `ran past its time limit of ${job.time} s` })
    else if (record) Object.assign(set, { state: record.exitCode === 0 ? 'completed' : 'failed' })
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
    for (const t of this.timers.values()) clearTimeout(t)
    for (const s of this.sockets) s.destroy()
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()))
    try { unlinkSync(this.paths.socket) } catch { /* gone */ }
    this.store?.close()
    this.lockDb?.close()
    process.exit(0)
  }
}
