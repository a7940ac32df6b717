// The daemon's durable store: the only code that touches SQLite (WAL mode). Jobs are keyed by (backend, id);
// a local job is committed before the daemon answers `submit`, and every batch of changes is one transaction.
import Database from 'better-sqlite3'
import { ServiceError } from './errors.js'
import type { JobState, JobStatus } from '../core/states.js'
import type { LocalJobSpec } from './protocol.js'
import { expandPattern } from '../core/outputpatterns.js'
import type { IdMark } from './id-mark.js'
import { migrate } from './schema.js'
import { dependencyIds } from '../core/dependencies.js'

export { SCHEMA_VERSION } from './schema.js'

/** What the daemon knows of any job, whether it runs it or (later) only polls it. */
export interface StoredJob {
  backend: string
  id: string
  name: string
  user: string
  state: JobState
  /** The scheduler's own word for the state; for local jobs the daemon's (PENDING, RUNNING, COMPLETED...). */
  rawState: string
  reason: string
  exitCode: number | null
  signal: number | null
  /** For dependency_never_satisfied: the dependency that did not succeed or will never run. */
  blockedBy: string | null
  depends: string[]
  cores: number | null
  submittedAt: string
  startedAt: string | null
  endedAt: string | null
  /** Where the job writes its own end record; null when unknown. */
  end: string | null
  /** The most resident memory its processes were seen to use, MB; null when not sampled (no --mem). */
  maxRss: number | null
  /** Submitted with --hold and not released yet: it waits, reported as Slurm reports it (held, JobHeldUser). */
  held?: boolean
}

/** Why the daemon stopped a running job. */
export type StopCause = 'cancel' | 'timeout' | 'memory'

/** A job this daemon runs itself: every run column is set. */
export interface LocalJob extends StoredJob, Omit<LocalJobSpec, 'scriptText' | 'umask' | 'gpus' | 'gpuType' | 'hold'> {
  backend: 'local'
  end: string
  cores: number
  args: string[]
  begin: string | null
  /** null for a job from before the client sent it: the daemon's own applies. */
  umask: number | null
  pid: number | null
  /** The process's start time (/proc/PID/stat field 22): a pid alone can be reused. */
  pidStart: string | null
  /** When the daemon sent SIGTERM: SIGKILL follows the grace period later, even across restarts. */
  stopRequestedAt: string | null
  stopCause: StopCause | null
  /** GPUs asked for (0: none), of this type only when given (matched against the devices' names). */
  gpus: number
  gpuType: string | null
  /** The devices it was given when it started (CUDA_VISIBLE_DEVICES), kept across daemon restarts. */
  gpuIds: string[]
  held: boolean
}

interface Row {
  backend: string; id: string; name: string; user: string; state: string; raw_state: string; reason: string
  exit_code: number | null; signal: number | null; blocked_by: string | null; depends: string; cores: number | null
  submitted_at: string; started_at: string | null; ended_at: string | null; end_path: string | null
  script: string | null; out: string | null; err: string | null; cwd: string | null; env: string | null; wrap: number | null
  args: string | null; begin_at: string | null; umask: number | null
  mem: number | null; time_limit: number | null; pid: number | null; pid_start: string | null
  stop_requested_at: string | null; stop_cause: string | null; max_rss: number | null
  gpus: number | null; gpu_type: string | null; gpu_ids: string | null; held: number | null
}

const fromRow = (r: Row): LocalJob => ({
  backend: 'local', id: r.id, name: r.name, user: r.user, state: r.state as JobState, rawState: r.raw_state, reason: r.reason,
  exitCode: r.exit_code, signal: r.signal, blockedBy: r.blocked_by, depends: JSON.parse(r.depends) as string[], cores: r.cores ?? 1,
  submittedAt: r.submitted_at, startedAt: r.started_at, endedAt: r.ended_at, end: r.end_path ?? '',
  script: r.script ?? '', out: r.out ?? '', err: r.err ?? '', cwd: r.cwd ?? '', env: JSON.parse(r.env ?? '{}') as Record<string, string>,
  wrap: r.wrap === 1, args: JSON.parse(r.args ?? '[]') as string[], begin: r.begin_at, umask: r.umask, mem: r.mem, time: r.time_limit, pid: r.pid, pidStart: r.pid_start, stopRequestedAt: r.stop_requested_at,
  stopCause: r.stop_cause as StopCause | null, maxRss: r.max_rss ?? null,
  gpus: r.gpus ?? 0, gpuType: r.gpu_type, gpuIds: r.gpu_ids ? r.gpu_ids.split(',') : [], held: r.held === 1,
})

/** The columns of a StoredJob, for reads that need no more (a job's environment can be kilobytes). */
const VIEW = 'backend, id, name, user, state, raw_state, reason, exit_code, signal, blocked_by, depends, cores, submitted_at, started_at, ended_at, end_path, max_rss, held'

const viewRow = (r: Row): StoredJob => ({
  backend: r.backend, id: r.id, name: r.name, user: r.user, state: r.state as JobState, rawState: r.raw_state, reason: r.reason,
  exitCode: r.exit_code, signal: r.signal, blockedBy: r.blocked_by, depends: JSON.parse(r.depends) as string[], cores: r.cores,
  submittedAt: r.submitted_at, startedAt: r.started_at, endedAt: r.ended_at, end: r.end_path, maxRss: r.max_rss ?? null,
  held: r.held === 1,
})

/** The fields a transition may change. */
export type JobUpdate = Partial<Pick<LocalJob, 'state' | 'rawState' | 'reason' | 'exitCode' | 'signal' | 'blockedBy' | 'pid' |
  'pidStart' | 'startedAt' | 'endedAt' | 'stopRequestedAt' | 'stopCause' | 'maxRss' | 'gpuIds' | 'held'>>

const COLUMNS: Record<keyof JobUpdate, string> = {
  state: 'state', rawState: 'raw_state', reason: 'reason', exitCode: 'exit_code', signal: 'signal', blockedBy: 'blocked_by',
  pid: 'pid', pidStart: 'pid_start', startedAt: 'started_at', endedAt: 'ended_at', stopRequestedAt: 'stop_requested_at',
  stopCause: 'stop_cause', maxRss: 'max_rss', gpuIds: 'gpu_ids', held: 'held',
}

/** A value as SQLite takes it: device ids as a comma list (ids never hold a comma: they are split on them), flags as 0/1. */
const bindable = (v: unknown) => (Array.isArray(v) ? v.join(',') : typeof v === 'boolean' ? Number(v) : v)

const LOCAL = 'local'

/** Ids the store had lost when it was opened: handed out before, their jobs gone with its last transactions. */
export interface LostIds {
  first: number
  last: number
}

/** At most this many lost ids are kept as jobs of their own (the last ones); a range beyond is only said. */
const LOST_ROWS = 10_000

export class Store {
  private readonly db: Database.Database
  private readonly statements = new Map<string, Database.Statement>()
  private mark: IdMark | undefined

  /** Opens (creating or migrating) the store; an unreadable or foreign file is reported with its path, never replaced. */
  constructor(readonly path: string) {
    try {
      this.db = new Database(path)
      this.db.pragma('journal_mode = WAL')
      // a job's start and end need not wait for the disk: after a power cut the daemon finds them again (a
      // leader gone, the job's own end record); insertLocal syncs, which makes everything before it durable too
      this.db.pragma('synchronous = NORMAL')
      this.db.pragma('busy_timeout = 5000')
      migrate(this.db)
    } catch (e) {
      throw new ServiceError('STORE_UNREADABLE', `the local queue's store ${path} cannot be used: ${(e as Error).message}`, {
        hint: 'it was left as it is; move it aside to start an empty queue (its jobs would be forgotten)',
      })
    }
  }

  /**
   * Commits a new local job under the next id (never one handed out before), its `%j` paths filled in, in
   * one transaction: what is answered is what is stored. `place`, given the id, keeps the script's copy and
   * answers its path (submit-file); when it throws, no job is stored.
   */
  insertLocal(spec: LocalJobSpec, user: string, place?: (id: string) => string): LocalJob {
    // a job accepted survives a power cut too, not only a crash: this commit waits for the disk
    this.db.pragma('synchronous = FULL')
    try {
      return this.get(this.insert(spec, user, place))!
    } finally {
      this.db.pragma('synchronous = NORMAL')
    }
  }

  private insert(spec: LocalJobSpec, user: string, place?: (id: string) => string): string {
    let marked: number | undefined
    try {
      return this.insertJob(spec, user, place, (id) => { this.mark?.advance(id); marked = id })
    } catch (e) {
      // not committed, so not answered: the id was not handed out, and the next start must not call it lost
      if (marked !== undefined) try { this.mark?.advance(marked - 1) } catch { /* it then reads as lost: no id is reused */ }
      throw e
    }
  }

  /** One transaction: the next id (`mark`ed before the commit: a store that loses it still knows it was handed out), the job. */
  private insertJob(spec: LocalJobSpec, user: string, place: ((id: string) => string) | undefined, mark: (id: number) => void): string {
    return this.db.transaction(() => {
      const { last } = this.stmt("UPDATE ids SET last = last + 1 WHERE backend = 'local' RETURNING last").get() as { last: number }
      mark(last)
      const id = String(last)
      // submit-file: outputs named as Slurm names them (%j the job id, %x its name, %u the user): slurm-%j.out
      const fill = (p: string) => (spec.wrap ? expandPattern(p, { id, name: spec.name, user }) : p)
      const script = place ? place(id) : spec.script
      this.stmt(`INSERT INTO jobs (backend, id, name, user, state, raw_state, depends, cores, submitted_at, end_path,
        script, out, err, cwd, env, wrap, mem, time_limit, args, begin_at, umask, gpus, gpu_type, held) VALUES ('local', @id, @name, @user,
        'pending', 'PENDING', @depends, @cores, @submittedAt, @end, @script, @out, @err, @cwd, @env, @wrap, @mem, @time, @args, @begin,
        @umask, @gpus, @gpuType, @held)`).run({
        id, name: spec.name, user, depends: JSON.stringify(spec.depends), cores: spec.cores, submittedAt: new Date().toISOString(),
        end: fill(spec.end), script, out: fill(spec.out), err: fill(spec.err), cwd: spec.cwd,
        env: JSON.stringify(spec.env), wrap: spec.wrap ? 1 : 0, mem: spec.mem, time: spec.time,
        args: JSON.stringify(spec.args ?? []), begin: spec.begin ?? null, umask: spec.umask ?? null,
        gpus: spec.gpus || null, gpuType: spec.gpuType ?? null, held: spec.hold ? 1 : null,
      })
      return id
    }).immediate()
  }

  /**
   * Keeps the last id handed out in `mark` from now on, and checks the store against it. A mark ahead of the
   * store means the store lost its last transactions (its -wal file lost or damaged, or the store replaced):
   * their ids are never handed out again, and each lost one is kept as a job whose end is unknown (the last
   * LOST_ROWS of them), so that a wait on it says so instead of finding nothing. Returns the lost ids.
   */
  checkIds(mark: IdMark): LostIds | undefined {
    this.mark = mark
    const stored = (this.stmt("SELECT last FROM ids WHERE backend = 'local'").get() as { last: number }).last
    const marked = mark.read()
    if (marked <= stored) {
      if (marked < stored) mark.advance(stored) // a mark from before pcluster kept one, or lost itself
      return undefined
    }
    const now = new Date().toISOString()
    const reason = `lost from the local queue's store ${this.path} (its last transactions were lost, as when its -wal file is ` +
      `lost or damaged), found at ${now}; its id is not used again`
    const insert = this.stmt(`INSERT OR IGNORE INTO jobs (backend, id, state, raw_state, reason, submitted_at, ended_at)
      VALUES ('local', ?, 'unknown', 'LOST', ?, ?, ?)`)
    this.db.transaction(() => {
      for (let id = Math.max(stored + 1, marked - LOST_ROWS + 1); id <= marked; id++) insert.run(String(id), reason, now, now)
      this.stmt("UPDATE ids SET last = ? WHERE backend = 'local'").run(marked)
    }).immediate()
    this.db.pragma('wal_checkpoint(TRUNCATE)') // into the store file itself, no longer only in its -wal
    return { first: stored + 1, last: marked }
  }

  /** A prepared statement, prepared once per text (preparing costs more than running a small one). */
  private stmt(sql: string): Database.Statement {
    let st = this.statements.get(sql)
    if (!st) this.statements.set(sql, (st = this.db.prepare(sql)))
    return st
  }

  get(id: string): LocalJob | undefined {
    const row = this.stmt('SELECT * FROM jobs WHERE backend = ? AND id = ?').get(LOCAL, id) as Row | undefined
    return row && fromRow(row)
  }

  /** Local jobs in these states (all when none given), in submission order. */
  list(states?: readonly JobState[]): LocalJob[] {
    const rows = states
      ? this.stmt(`SELECT * FROM jobs INDEXED BY jobs_live WHERE backend = ? AND state IN (${states.map(() => '?').join(',')}) ORDER BY rowid`).all(LOCAL, ...states)
      : this.stmt('SELECT * FROM jobs WHERE backend = ? ORDER BY rowid').all(LOCAL)
    return (rows as Row[]).map(fromRow)
  }

  /** Whether any local job is in one of these states (read from the index alone). */
  anyIn(states: readonly JobState[]): boolean {
    return !!this.stmt(`SELECT 1 FROM jobs INDEXED BY jobs_live WHERE backend = ? AND state IN (${states.map(() => '?').join(',')}) LIMIT 1`).get(LOCAL, ...states)
  }

  /**
   * What `queue` shows of local jobs: those not ended and those that ended since `since` (every job kept when
   * undefined), in submission order; only the columns a status has (not each job's environment).
   */
  recent(since: Date | undefined): StoredJob[] {
    const rows = since
      ? this.stmt(`SELECT ${VIEW} FROM jobs WHERE rowid IN (
          SELECT rowid FROM jobs INDEXED BY jobs_ended WHERE backend = @b AND ended_at IS NULL
          UNION ALL SELECT rowid FROM jobs INDEXED BY jobs_ended WHERE backend = @b AND ended_at >= @since) ORDER BY rowid`)
        .all({ b: LOCAL, since: since.toISOString() })
      : this.stmt(`SELECT ${VIEW} FROM jobs WHERE backend = ? ORDER BY rowid`).all(LOCAL)
    return (rows as Row[]).map(viewRow)
  }

  /**
   * Forgets at most `limit` local jobs that ended before `before` (oldest first), as Slurm's MinJobAge does:
   * never a job not ended, nor one a job not ended depends on (it still reads that job's state). Returns their ids.
   */
  prune(before: Date, limit = 1000): string[] {
    const live = this.stmt(`SELECT depends FROM jobs INDEXED BY jobs_live WHERE backend = ? AND state IN ('pending', 'running', 'completing')`).all(LOCAL) as { depends: string }[]
    const needed = new Set(dependencyIds(live.flatMap((r) => JSON.parse(r.depends) as string[])))
    const old = (this.stmt(`SELECT id FROM jobs INDEXED BY jobs_ended WHERE backend = ? AND ended_at < ? AND state NOT IN ('pending', 'running', 'completing')
      ORDER BY ended_at LIMIT ?`).all(LOCAL, before.toISOString(), limit + needed.size) as { id: string }[])
      .map((r) => r.id).filter((id) => !needed.has(id)).slice(0, limit)
    const del = this.stmt('DELETE FROM jobs WHERE backend = ? AND id = ?')
    this.db.transaction(() => { for (const id of old) del.run(LOCAL, id) })()
    return old
  }

  /**
   * Records what a scheduler answered for jobs of another batch system, which the service polls and never runs:
   * each (backend, id) is inserted when new (submitted_at: when the service first saw it) or has its name,
   * user, cores, state, raw state, reason, exit code, signal, blocker and times replaced, in one transaction.
   * The local queue's own jobs are the loop's alone: refused.
   */
  upsertPolled(backend: string, statuses: readonly JobStatus[]): void {
    if (backend === LOCAL) throw new Error('upsertPolled is for jobs the service polls, not the local ones it runs')
    if (!statuses.length) return
    const upsert = this.stmt(`INSERT INTO jobs (backend, id, name, user, state, raw_state, reason, exit_code, signal, blocked_by, cores,
        submitted_at, started_at, ended_at)
      VALUES (@backend, @id, @name, @user, @state, @rawState, @reason, @exitCode, @signal, @blockedBy, @cores, @seenAt, @startedAt, @endedAt)
      ON CONFLICT (backend, id) DO UPDATE SET name = excluded.name, user = excluded.user, state = excluded.state,
        raw_state = excluded.raw_state, reason = excluded.reason, exit_code = excluded.exit_code, signal = excluded.signal,
        blocked_by = excluded.blocked_by, cores = excluded.cores, started_at = excluded.started_at, ended_at = excluded.ended_at`)
    const seenAt = new Date().toISOString()
    this.db.transaction(() => {
      for (const s of statuses)
        upsert.run({ backend, id: s.id, name: s.name, user: s.user, state: s.state, rawState: s.rawState, reason: s.reason,
          exitCode: s.exitCode, signal: s.signal, blockedBy: s.blockedBy ?? null, cores: s.cores, seenAt, startedAt: s.startedAt, endedAt: s.endedAt })
    })()
  }

  /** A job of any backend as the service knows it (only the columns a status has). */
  find(backend: string, id: string): StoredJob | undefined {
    const row = this.stmt(`SELECT ${VIEW} FROM jobs WHERE backend = ? AND id = ?`).get(backend, id) as Row | undefined
    return row && viewRow(row)
  }

  /** Applies several updates in one transaction. */
  update(changes: readonly { id: string; set: JobUpdate }[]): void {
    if (!changes.length) return
    this.db.transaction(() => {
      for (const { id, set } of changes) {
        const keys = Object.keys(set) as (keyof JobUpdate)[]
        if (!keys.length) continue
        this.stmt(`UPDATE jobs SET ${keys.map((k) => `${COLUMNS[k]} = @${k}`).join(', ')} WHERE backend = @backend AND id = @id`)
          .run({ ...Object.fromEntries(keys.map((k) => [k, bindable(set[k])])), backend: LOCAL, id })
      }
    })()
  }

  /** The states of these local jobs (those the store has). */
  states(ids: readonly string[]): Map<string, JobState> {
    const out = new Map<string, JobState>()
    const get = this.stmt('SELECT state FROM jobs WHERE backend = ? AND id = ?')
    for (const id of new Set(ids)) {
      const row = get.get(LOCAL, id) as { state: string } | undefined
      if (row) out.set(id, row.state as JobState)
    }
    return out
  }

  counts(): Record<string, number> {
    const rows = this.stmt('SELECT state, COUNT(*) AS n FROM jobs INDEXED BY jobs_live WHERE backend = ? GROUP BY state').all(LOCAL) as { state: string; n: number }[]
    return Object.fromEntries(rows.map((r) => [r.state, r.n]))
  }

  close(): void {
    this.db.close()
    this.mark?.close()
  }
}
