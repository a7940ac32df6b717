// The store's tables, and the migration from every released schema to this one (each in one transaction).
import type Database from 'better-sqlite3'

/**
 * 1: pcluster 0.1.0 (local jobs only, integer ids). 2: keyed by (backend, id text), so it can hold jobs it only
 * polls. 3: a local job's arguments, begin time and umask. 4: a job stopped for its memory (stop_cause 'memory')
 * and the most memory it was seen to use (max_rss). 5: indexes that lead with the backend, so that the live jobs
 * (every scheduling pass), the last day's (`queue`) and those past keep_days (pruning) are found without reading
 * every job kept: with only (backend, id) and (state), SQLite read all of them (20 ms a pass at 20,000). 6: the
 * GPUs a local job asked for (gpus, gpu_type), the devices it was given (gpu_ids), and whether it is held until
 * released (held).
 */
export const SCHEMA_VERSION = 6

const INDEXES_V5 = 'CREATE INDEX jobs_live ON jobs(backend, state); CREATE INDEX jobs_ended ON jobs(backend, ended_at);'

/**
 * Columns from `script` to `stop_cause` only mean something for the jobs this daemon runs itself (backend
 * 'local'): they are NULL for a job it only polls. `raw_state` is the scheduler's own word (for local jobs,
 * the daemon's: PENDING, RUNNING, COMPLETED...). Rows keep their insertion order in the rowid.
 */
const JOBS = `
  CREATE TABLE jobs (
    backend TEXT NOT NULL, id TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '', user TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL, raw_state TEXT NOT NULL DEFAULT '', reason TEXT NOT NULL DEFAULT '',
    exit_code INTEGER, signal INTEGER, blocked_by TEXT, depends TEXT NOT NULL DEFAULT '[]', cores INTEGER,
    submitted_at TEXT NOT NULL, started_at TEXT, ended_at TEXT, end_path TEXT,
    script TEXT, out TEXT, err TEXT, cwd TEXT, env TEXT, wrap INTEGER, mem INTEGER, time_limit INTEGER,
    args TEXT, begin_at TEXT, umask INTEGER,
    pid INTEGER, pid_start TEXT, stop_requested_at TEXT, stop_cause TEXT CHECK (stop_cause IN ('cancel', 'timeout', 'memory')),
    max_rss INTEGER, gpus INTEGER, gpu_type TEXT, gpu_ids TEXT, held INTEGER,
    PRIMARY KEY (backend, id)
  );
  CREATE INDEX jobs_state ON jobs(state);
  ${INDEXES_V5}
`
const IDS = `
  -- the last id handed out per backend that allocates its own (local): ids are never reused
  CREATE TABLE ids (backend TEXT PRIMARY KEY, last INTEGER NOT NULL);
`

/** Schema 5 to 6: new columns, NULL for the jobs already there (no GPUs, not held). */
const ADD_V6 = `
  ALTER TABLE jobs ADD COLUMN gpus INTEGER; ALTER TABLE jobs ADD COLUMN gpu_type TEXT;
  ALTER TABLE jobs ADD COLUMN gpu_ids TEXT; ALTER TABLE jobs ADD COLUMN held INTEGER;
`

/** Brings a store of any known version up to SCHEMA_VERSION; a newer one is refused, never touched. */
export function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number
  if (version > SCHEMA_VERSION)
    throw new Error(`it has schema version ${version}, newer than this pcluster knows (${SCHEMA_VERSION}); upgrade pcluster`)
  if (version === SCHEMA_VERSION) return
  db.transaction(() => {
    if (version === 0) db.exec(`${JOBS} ${IDS} INSERT INTO ids VALUES ('local', 0);`)
    if (version === 1) fromV1(db)
    if (version === 2) db.exec('ALTER TABLE jobs ADD COLUMN args TEXT; ALTER TABLE jobs ADD COLUMN begin_at TEXT; ALTER TABLE jobs ADD COLUMN umask INTEGER;')
    if (version === 2 || version === 3) rebuild(db) // v1's copy is made as JOBS says already
    if (version === 4) db.exec(INDEXES_V5) // earlier ones are made as JOBS says, indexes and all
    if (version === 4 || version === 5) db.exec(ADD_V6)
    db.pragma(`user_version = ${SCHEMA_VERSION}`)
  }).immediate()
}

/**
 * The jobs table made again as JOBS says, every row and column it had kept: SQLite cannot change a CHECK
 * constraint in place (https://www.sqlite.org/lang_altertable.html#otheralter). New columns start NULL.
 */
function rebuild(db: Database.Database): void {
  const columns = (db.pragma('table_info(jobs)') as { name: string }[]).map((c) => `"${c.name}"`).join(', ')
  // the indexes go with the old table, under names the new one takes again
  const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'jobs' AND sql IS NOT NULL").pluck().all() as string[]
  db.exec(`
    ${indexes.map((i) => `DROP INDEX "${i}";`).join('\n')}
    ALTER TABLE jobs RENAME TO jobs_old;
    ${JOBS}
    INSERT INTO jobs (rowid, ${columns}) SELECT rowid, ${columns} FROM jobs_old; -- rowid: submission order
    DROP TABLE jobs_old;
  `)
}

/**
 * 0.1.0's table: every job kept with its id, state and exit code. Its stop cause and blocking job lived only
 * in the human reason ("cancelled by...", "ran past...", "job 2 ended failed"): read from it once, here, so
 * that a job stopped while no daemon ran still ends as cancelled or timeout.
 */
function fromV1(db: Database.Database): void {
  db.exec(`
    ALTER TABLE jobs RENAME TO jobs_v1;
    DROP INDEX IF EXISTS jobs_state;
    ${JOBS} ${IDS}
    INSERT INTO jobs (backend, id, name, user, state, raw_state, reason, exit_code, signal, blocked_by, depends, cores,
      submitted_at, started_at, ended_at, end_path, script, out, err, cwd, env, wrap, mem, time_limit, pid, pid_start,
      stop_requested_at, stop_cause)
    SELECT 'local', CAST(id AS TEXT), name, user, state, upper(state), reason, exit_code, signal,
      CASE WHEN state = 'dependency_never_satisfied' AND reason GLOB 'job [0-9]* *'
        THEN substr(reason, 5, instr(substr(reason, 5), ' ') - 1) END,
      depends, cores, submitted_at, started_at, ended_at, end_path, script, out, err, cwd, env, wrap, mem, time_limit,
      pid, pid_start, stop_requested_at,
      CASE WHEN stop_requested_at IS NULL THEN NULL WHEN reason LIKE 'cancelled%' THEN 'cancel' WHEN reason LIKE 'ran past%' THEN 'timeout' END
    FROM jobs_v1 ORDER BY id;
    -- AUTOINCREMENT's own counter too: 0.1.0 never reused an id, even of a row gone since
    INSERT INTO ids SELECT 'local', max(
      (SELECT coalesce(max(id), 0) FROM jobs_v1),
      (SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name IN ('jobs', 'jobs_v1')));
    DROP TABLE jobs_v1;
  `)
}
