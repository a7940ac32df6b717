// The local queue daemon, one per user and host: holds the per-user lock, opens the store, serves the socket
// (hello first, then one request handed to its handler), ticks the loop, and leaves when idle or asked.
// It never prints for the user nor exits the process: main.ts does, once `done` settles.
import { chmodSync, existsSync, unlinkSync, writeFileSync } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import Database from 'better-sqlite3'
import { localPaths, type LocalPaths } from '../backends/local/paths.js'
import { lineReader, PROTOCOL_VERSION, type Request, type Response } from './protocol.js'
import { errorResponse, ServiceError } from './errors.js'
import { HANDLERS } from './handlers/index.js'
import type { HandlerContext } from './handlers/context.js'
import { Loop, type LoopSettings } from './loop.js'
import { IdMark } from './id-mark.js'
import { Store, type LostIds } from './store.js'
import { Watchers } from './watchers.js'

export interface DaemonSettings extends LoopSettings {
  /** Leave after this long with nothing queued, running or connected. */
  idleMs: number
  /** [local] cores and mem as read at start (null: not set), to tell a client whose config says otherwise now. */
  configured?: { cores: number | null; mem: number | null }
  /** How the GPUs of capacity.gpus were found (or what was looked at, finding none). */
  gpuSource?: string
}

export class Daemon {
  private store!: Store
  private loop!: Loop
  private watchers!: Watchers
  private lockDb: Database.Database | undefined
  private server: Server | undefined
  private readonly sockets = new Set<Socket>()
  private lastActivity = Date.now()
  private ticker: NodeJS.Timeout | undefined
  private readonly startedAt = new Date().toISOString()
  private stopping: Promise<void> | undefined
  /** The ids whose jobs the store had lost when this daemon opened it (main.ts says so in the log). */
  lost: LostIds | undefined
  private resolveDone!: () => void
  /** Settles once the daemon has left (idle, `stop`, or a signal via stop()). */
  readonly done = new Promise<void>((resolve) => (this.resolveDone = resolve))

  constructor(private readonly settings: DaemonSettings, readonly paths: LocalPaths = localPaths()) {}

  /** Takes the per-user lock, opens (migrating) the store, re-adopts running jobs, listens. */
  async start(): Promise<void> {
    this.lock()
    writeFileSync(this.paths.pid, `${process.pid}\n`, { mode: 0o600 })
    this.store = new Store(this.paths.store)
    chmodSync(this.paths.store, 0o600)
    this.lost = this.store.checkIds(new IdMark(this.paths.idMark))
    this.watchers = new Watchers((id) => this.store.get(id))
    this.loop = new Loop(this.store, { ...this.settings, stateDir: this.paths.dir }, (ids) => this.watchers.changed(ids))
    this.loop.adopt()
    await this.listen()
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
      throw new ServiceError('DAEMON_RUNNING', `another local queue daemon holds ${this.paths.lock}: ${(e as Error).message}`)
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

  private tick(): void {
    const now = Date.now()
    if (this.loop.tick(now) || this.sockets.size > 0) this.lastActivity = now
    else if (now - this.lastActivity > this.settings.idleMs) void this.stop()
  }

  private serve(socket: Socket): void {
    this.sockets.add(socket)
    this.lastActivity = Date.now()
    socket.setEncoding('utf8')
    const send = (msg: Response) => { if (!socket.destroyed) socket.write(JSON.stringify(msg) + '\n') }
    const ctx: HandlerContext = {
      loop: this.loop, store: this.store, watchers: this.watchers, capacity: this.settings.capacity, paths: this.paths,
      configured: this.settings.configured ?? { cores: null, mem: null }, gpuSource: this.settings.gpuSource ?? 'not looked for',
      startedAt: this.startedAt, lost: this.lost, socket,
      // after the answer: the handler returns it, and the server sends it, before this runs
      stop: () => setImmediate(() => { socket.end(); void this.stop() }),
    }
    let greeted = false
    socket.on('data', lineReader((msg) => {
      if (socket.destroyed) return
      try {
        if (msg instanceof SyntaxError) throw new ServiceError('PROTOCOL', `not a JSON message: ${msg.message}`)
        const req = msg as Request
        // nothing is done for a client that has not agreed on the protocol: the rest of what it sent is dropped
        if (req.type === 'hello') {
          if (req.version !== PROTOCOL_VERSION)
            throw new ServiceError('PROTOCOL', `the local queue daemon speaks protocol ${PROTOCOL_VERSION}, this pcluster ${req.version}`,
              { hint: 'pcluster local stop, then try again (queued jobs stay queued)' })
          greeted = true
          return send({ type: 'hello', version: PROTOCOL_VERSION, pid: process.pid })
        }
        if (!greeted) throw new ServiceError('PROTOCOL', 'a connection must open with hello')
        const handler = Object.hasOwn(HANDLERS, req.type) ? HANDLERS[req.type as keyof typeof HANDLERS] : undefined
        if (!handler) throw new ServiceError('PROTOCOL', `unknown request ${JSON.stringify((req as { type: unknown }).type)}`)
        const answer = (handler as (r: Request, c: HandlerContext) => Response | void)(req, ctx)
        if (answer) send(answer)
      } catch (e) {
        const answer = errorResponse(e)
        send(answer)
        if (!greeted || answer.code === 'PROTOCOL') socket.end()
      }
    }))
    socket.on('error', () => undefined)
    socket.on('close', () => {
      this.sockets.delete(socket)
      this.watchers.drop(socket)
    })
  }

  /** Leaves: running jobs keep running (their own sessions) and are re-adopted by the next daemon. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.loop?.halt()
      clearInterval(this.ticker)
      for (const s of this.sockets) s.destroy()
      await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()))
      for (const path of [this.paths.socket, this.paths.pid]) try { unlinkSync(path) } catch { /* gone */ }
      this.store?.close()
      this.lockDb?.close()
      this.resolveDone()
    })()
    return this.stopping
  }
}
