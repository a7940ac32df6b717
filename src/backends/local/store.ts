// The local queue's durable store: the only code that touches SQLite (WAL mode). A job is committed before
// the daemon answers `submit`; every state change is one transaction.
import Database from 'better-sqlite3'
import { PclusterError } from '../../core/errors.js'
import type { JobState } from '../../core/states.js'
import type { LocalJobSpec } from './protocol.js'

export const SCHEMA_VERSION = 1

export interface LocalJob extends LocalJobSpec {
  id: string
  user: string
  state: JobState
  reason: string
  exitCode: number | null
  signal: number | null
  pid: number | null
  /** The process's start time (/proc/PID/stat field 22): a pid alone can be reused. */
  pidStart: string | null
  submittedAt: string
  startedAt: string | null
  endedAt: string | null
  /** When the daemon sent SIGTERM (cancel, time limit): SIGKILL follows STOP_GRACE later, even across restarts. */
  stopRequestedAt: string | null
}

interface Row {
  id: number; name: string; user: string; script: string; out: string; err: string; end_path: string; cwd: string; wrap: number
  env: string; cores: number; mem: number | null; time_limit: number | null; depends: string; state: string
  reason: string; exit_code: number | null; signal: number | null; pid: number | null; pid_start: string | null
  submitted_at: string; started_at: string | null; ended_at: string | null; stop_requested_at: string | null
}

const fromRow = (r: Row): LocalJob => ({
  id: String(r.id), name: r.name, user: r.user, script: r.script, out: r.out, err: r.err, end: r.end_path, cwd: r.cwd, wrap: r.wrap === 1,
  env: JSON.parse(r.env) as Record<string, string>, cores: r.cores, mem: r.mem, time: r.time_limit,
  depends: JSON.parse(r.depends) as string[], state: r.state as JobState, reason: r.reason, exitCode: r.exit_code,
  signal: r.signal, pid: r.pid, pidStart: r.pid_start, submittedAt: r.submitted_at, startedAt: r.started_at, endedAt: r.ended_at,
  stopRequestedAt: r.stop_requested_at,
})

export type JobUpdate = Partial<Pick<LocalJob, 'state' | 'reason' | 'exitCode' | 'signal' | 'pid' | 'pidStart' | 'startedAt' | 'endedAt' | 'stopRequestedAt'>>

const COLUMNS: Record<keyof JobUpdate, string> = {
  state: 'state', reason: 'reason', exitCode: 'exit_code', signal: 'signal', pid: 'pid', pidStart: 'pid_start',
  startedAt: 'started_at', endedAt: 'ended_at', stopRequestedAt: 'stop_requested_at',
}

export class Store {
  private readonly db: Database.Database

  /** Opens (creating if new) the store; an unreadable or foreign file is reported with its path, never replaced. */
  constructor(readonly path: string) {
    try {
      this.db = new Database(path)
      this.db.pragma('journal_mode = WAL')
      this.db.pragma('synchronous = FULL') // a job accepted survives a power cut too, not only a crash
      this.db.pragma('busy_timeout = 5000')
      const version = this.db.pragma('user_version', { simple: true }) as number
      if (version > SCHEMA_VERSION)
        throw new Error(`it has schema version ${version}, newer than this pcluster knows (${SCHEMA_VERSION}); upgrade pcluster`)
      if (version === 0) this.migrate()
    } catch (e) {
      throw new PclusterError('STORE_UNREADABLE', `the local queue's store ${path} cannot be used: ${(e as Error).message}`, {
        hint: 'it was left as it is; move it aside to start an empty queue (its jobs would be forgotten)',
      })
    }
  }

  private migrate(): void {
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS jobs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL, user TEXT NOT NULL, script TEXT NOT NULL, out TEXT NOT NULL, err TEXT NOT NULL,
        end_path TEXT NOT NULL, cwd TEXT NOT NULL, env TEXT NOT NULL, wrap INTEGER NOT NULL DEFAULT 0,
        cores INTEGER NOT NULL, mem INTEGER, time_limit INTEGER, depends TEXT NOT NULL,
        state TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '',
        exit_code INTEGER, signal INTEGER, pid INTEGER, pid_start TEXT,
        submitted_at TEXT NOT NULL, started_at TEXT, ended_at TEXT, stop_requested_at TEXT
      );
      CREATE INDEX IF NOT EXISTS jobs_state ON jobs(state);
      PRAGMA user_version = ${SCHEMA_VERSION};
    `)
  }

  /** Commits a new job; returns it with its id. */
  insert(spec: LocalJobSpec, user: string, state: JobState, reason = ''): LocalJob {
    const info = this.db.prepare(`INSERT INTO jobs (name, user, script, out, err, end_path, cwd, env, wrap, cores, mem, time_limit,
      depends, state, reason, submitted_at) VALUES (@name, @user, @script, @out, @err, @end, @cwd, @env, @wrap, @cores, @mem, @time,
      @depends, @state, @reason, @submittedAt)`).run({
      ...spec, user, env: JSON.stringify(spec.env), wrap: spec.wrap ? 1 : 0, depends: JSON.stringify(spec.depends), state, reason,
      submittedAt: new Date().toISOString(),
    })
    return this.get(String(info.lastInsertRowid))!
  }

  get(id: string): LocalJob | undefined {
    const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(Number(id)) as Row | undefined
    return row && fromRow(row)
  }

  /** Jobs in these states (all jobs when none given). */
  list(states?: readonly JobState[]): LocalJob[] {
    const rows = states
      ? this.db.prepare(`SELECT * FROM jobs WHERE state IN (${states.map(() => '?').join(',')}) ORDER BY id`).all(...states)
      : this.db.prepare('SELECT * FROM jobs ORDER BY id').all()
    return (rows as Row[]).map(fromRow)
  }

  /** Jobs that ended since `since` or have not ended. */
  recent(since: Date): LocalJob[] {
    return (this.db.prepare('SELECT * FROM jobs WHERE ended_at IS NULL OR ended_at >= ? ORDER BY id').all(since.toISOString()) as Row[]).map(fromRow)
  }

  /** Applies several updates in one transaction. */
  update(changes: readonly { id: string; set: JobUpdate }[]): void {
    if (!changes.length) return
    this.db.transaction(() => {
      for (const { id, set } of changes) {
        const keys = Object.keys(set) as (keyof JobUpdate)[]
        if (!keys.length) continue
        this.db.prepare(`UPDATE jobs SET ${keys.map((k) => `${COLUMNS[k]} = @${k}`).join(', ')} WHERE id = @id`)
          .run({ ...set, id: Number(id) })
      }
    })()
  }

  /** The states of these jobs (those the store has). */
  states(ids: readonly string[]): Map<string, JobState> {
    const out = new Map<string, JobState>()
    const get = this.db.prepare('SELECT state FROM jobs WHERE id = ?')
    for (const id of new Set(ids)) {
      const row = get.get(Number(id)) as { state: string } | undefined
      if (row) out.set(id, row.state as JobState)
    }
    return out
  }

  /** Sets a job's output and end-record paths (once its id is known, for `%j`). */
  setPaths(id: string, paths: { out: string; err: string; end: string }): void {
    this.db.prepare('UPDATE jobs SET out = @out, err = @err, end_path = @end WHERE id = @id').run({ ...paths, id: Number(id) })
  }

  counts(): Record<string, number> {
    const rows = this.db.prepare('SELECT state, COUNT(*) AS n FROM jobs GROUP BY state').all() as { state: string; n: number }[]
    return Object.fromEntries(rows.map((r) => [r.state, r.n]))
  }

  close(): void {
    this.db.close()
  }
}
