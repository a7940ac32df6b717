// The per-user ledger of every job pcluster submitted (under the XDG state dir): its backend, id, name, files,
// folders and submit time. `wait`, `cancel`, `queue` and `clean` take an id's backend from here, and the end
// record path lets `pcluster wait ID` in any folder read the job's own word on how it ended. One small file
// per job: a write never races another, a lookup is one open; and one append-only file per day, which `queue`
// reads and pruning ([jobs] keep_days) drops whole. (The per-folder manifest stays `clean`'s authority.)
// `clean` takes a job's files, never its record: an id keeps its batch system until keep_days prunes it, so a
// later `wait ID` asks the system that ran it, not whichever one is on PATH then.
import { appendFileSync, existsSync, readFileSync, readdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { rememberJobId } from './completioncache.js'
import { backendScope, stateDir } from './paths.js'

export interface LedgerEntry {
  /** The backend's name (`slurm`, `local`). */
  backend: string
  id: string
  name: string
  script: string
  out: string
  err: string
  /** The end record the job writes itself. */
  end: string
  /** filedir: where the manifest that lists the job's files is. */
  dir: string
  /** The folder pcluster was called from. */
  cwd: string
  /** The jobs it runs after (afterok). */
  depends: string[]
  submittedAt: string
  /**
   * When `clean` deleted the job's files: `end` is then '' (a later job of the same name may write a file of
   * that name), and the scheduler alone says how the job ended.
   */
  cleanedAt?: string
}

/** What the ledger needs of a backend: its name, and whether its ids are per host. */
export type LedgerScope = { name: string; idsPerHost: boolean }

const safeId = (id: string) => id.replace(/[^A-Za-z0-9._-]/g, '_')
const scopeDir = (scope: LedgerScope) => stateDir('jobs', backendScope(scope))

/** The folders a backend's records go to, made if missing (submit checks it can write there before submitting). */
export function ledgerDirs(scope: LedgerScope): string[] {
  return [scopeDir(scope), stateDir('jobs', backendScope(scope), 'days')]
}

/** Reads one entry; 0.1.0 wrote {name, end, script, submittedAt} and no backend: its folder says which. */
function parseEntry(text: string | Partial<LedgerEntry>, backend: string, id: string): LedgerEntry {
  const raw = typeof text === 'string' ? JSON.parse(text) as Partial<LedgerEntry> : text
  return {
    backend, id: raw.id ?? id, name: raw.name ?? '', script: raw.script ?? '', out: raw.out ?? '', err: raw.err ?? '', end: raw.end ?? '',
    dir: raw.dir ?? '', cwd: raw.cwd ?? '', depends: raw.depends ?? [], submittedAt: raw.submittedAt ?? '',
    ...(raw.cleanedAt ? { cleanedAt: raw.cleanedAt } : {}),
  }
}

// ---- the day files -------------------------------------------------------------------------------------------
// Beside the per-job files (a lookup by id is one open), each day has one append-only file listing the jobs
// submitted that day (UTC) as whole entries, and those cleaned that day again, as they are after `clean` (a
// later line of an id wins; an older pcluster wrote `{ forgot: id }` instead, and dropped the record). `queue`
// reads the days it shows, never every job kept, and pruning takes the oldest days whole: both cost what they
// return, not what the ledger holds. A day file older than `keep_days` goes with the per-job files of its
// ended jobs.

type DayLine = LedgerEntry | { forgot: string }

const daysDir = (scope: LedgerScope) => stateDir('jobs', backendScope(scope), 'days')
const dayOf = (at: Date) => at.toISOString().slice(0, 10)
const dayFile = (dir: string, day: string) => join(dir, `${day}.jsonl`)
/** Set once the per-job files of an older pcluster are listed in day files too. */
const INDEXED = '.indexed'

function appendDay(scope: LedgerScope, day: string, lines: readonly DayLine[]): void {
  if (lines.length) appendFileSync(dayFile(daysDir(scope), day), lines.map((l) => JSON.stringify(l) + '\n').join(''), { mode: 0o600 })
}

function readDay(path: string, backend: string): DayLine[] {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    return []
  }
  return text.split('\n').flatMap((line): DayLine[] => {
    if (!line.trim()) return []
    try {
      const raw = JSON.parse(line) as Partial<LedgerEntry> & { forgot?: string }
      if (typeof raw.forgot === 'string') return [{ forgot: raw.forgot }]
      return [parseEntry(raw, backend, raw.id ?? '')]
    } catch {
      return [] // a torn last line from a crash
    }
  })
}

/** The day files there are, oldest first (`YYYY-MM-DD`). */
function days(scope: LedgerScope): string[] {
  const dir = daysDir(scope)
  ensureIndexed(scope, dir)
  return readdirSync(dir).filter((f) => /^\d{4}-\d{2}-\d{2}\.jsonl$/.test(f)).map((f) => f.slice(0, 10)).sort()
}

/** Once: the jobs a pcluster without day files recorded are listed in the day of their submission. */
function ensureIndexed(scope: LedgerScope, dir: string): void {
  if (existsSync(join(dir, INDEXED))) return
  const top = scopeDir(scope)
  const byDay = new Map<string, LedgerEntry[]>()
  for (const f of readdirSync(top).filter((f) => f.endsWith('.json'))) {
    try {
      const path = join(top, f)
      const entry = parseEntry(readFileSync(path, 'utf8'), scope.name, f.slice(0, -'.json'.length))
      const at = Date.parse(entry.submittedAt)
      const day = dayOf(new Date(Number.isFinite(at) ? at : statSync(path).mtimeMs))
      byDay.set(day, [...(byDay.get(day) ?? []), entry])
    } catch { /* removed meanwhile, or torn */ }
  }
  for (const [day, entries] of byDay) appendDay(scope, day, entries)
  writeFileSync(join(dir, INDEXED), '', { mode: 0o600 })
}

/** Records a job: its own file (for lookups by id) and a line in the day of its submission. */
export function recordJob(scope: LedgerScope, entry: LedgerEntry): void {
  writeFileSync(join(scopeDir(scope), `${safeId(entry.id)}.json`), JSON.stringify(entry), { mode: 0o600 })
  const at = Date.parse(entry.submittedAt)
  appendDay(scope, dayOf(Number.isFinite(at) ? new Date(at) : new Date()), [entry])
  rememberJobId(entry.id) // for shell completion of job ids
}

/** The entries of these ids on one backend (those pcluster submitted from this account). */
export async function recallJobs(scope: LedgerScope, ids: readonly string[]): Promise<Map<string, LedgerEntry>> {
  const dir = scopeDir(scope)
  const found = new Map<string, LedgerEntry>()
  await Promise.all(ids.map(async (id) => {
    try {
      found.set(id, parseEntry(await readFile(join(dir, `${safeId(id)}.json`), 'utf8'), scope.name, id))
    } catch { /* not submitted by pcluster on this account */ }
  }))
  return found
}

/**
 * Which backends have a job of each id, among the backends named (in that order): for `wait ID` and
 * `cancel ID` without --qtype. An id pcluster never submitted has no entry.
 */
export async function findJobs(backends: readonly LedgerScope[], ids: readonly string[]): Promise<Map<string, LedgerEntry[]>> {
  const found = new Map<string, LedgerEntry[]>(ids.map((id) => [id, []]))
  const each = await Promise.all(backends.map((b) => recallJobs(b, ids)))
  for (const entries of each) for (const [id, e] of entries) found.get(id)!.push(e)
  return found
}

/**
 * Notes that `clean` deleted these jobs' files: each record stays (the id keeps its batch system, and `queue`
 * its job) with no end record path, in its own file and in today's day file. An id with no record is left so.
 */
export async function markJobsCleaned(scope: LedgerScope, ids: readonly string[], now = new Date()): Promise<void> {
  const dir = scopeDir(scope)
  const cleaned = (await Promise.all(ids.map(async (id) => {
    const path = join(dir, `${safeId(id)}.json`)
    try {
      const entry: LedgerEntry = { ...parseEntry(await readFile(path, 'utf8'), scope.name, id), end: '', cleanedAt: now.toISOString() }
      await writeFile(path, JSON.stringify(entry), { mode: 0o600 })
      return [entry]
    } catch {
      return [] // never recorded, or pruned meanwhile
    }
  }))).flat()
  appendDay(scope, dayOf(now), cleaned)
}

/**
 * The jobs pcluster submitted on a backend since `since` (all those kept when undefined), for `queue`
 * (accounting can lag behind the queue by seconds): read from the day files from `since` on, no others.
 */
export async function recentJobs(scope: LedgerScope, since: Date | undefined): Promise<Map<string, LedgerEntry>> {
  const recent = new Map<string, LedgerEntry>()
  let all: string[]
  try {
    all = days(scope)
  } catch {
    return recent
  }
  const from = since ? dayOf(since) : ''
  const dir = daysDir(scope)
  for (const day of all.filter((d) => d >= from)) {
    for (const line of readDay(dayFile(dir, day), scope.name)) {
      // in the order written: a later line of an id wins (cleaned since, or the id used again by a new local
      // queue); an id forgotten by an older pcluster's clean, then used again, is listed
      if ('forgot' in line) recent.delete(line.forgot)
      else if (!since || Date.parse(line.submittedAt) >= since.getTime()) recent.set(line.id, line)
    }
  }
  return recent
}

/** How long records are kept unless [jobs] keep_days says otherwise. */
export const DEFAULT_KEEP_DAYS = 14

export interface PruneOptions {
  /** Now, for the age of the records (tests give their own). */
  now?: Date
  keepDays?: number
  /**
   * Whether a job is still live, where the caller knows (`queue` has just asked the scheduler): a record older
   * than keep_days with no end record is kept unless this says it is not live (it may still be running).
   */
  isLive?: (id: string) => boolean | undefined
  /** Most day files taken in one call, so that no call pauses long (the next call takes the rest). */
  maxDays?: number
}

/**
 * Forgets the records older than keep_days (0: none), a day file at a time, on the way (submit, queue). A job
 * that wrote its end record has ended: its record goes. One with none may still be live (a long job, or one
 * held): it is carried over into today's day file, unless `isLive` says it is gone. Returns the ids forgotten.
 * Cheap when nothing is due: one directory listing.
 */
export function pruneJobs(scope: LedgerScope, opts: PruneOptions = {}): string[] {
  const now = opts.now ?? new Date()
  const keepDays = opts.keepDays ?? DEFAULT_KEEP_DAYS
  if (!keepDays) return []
  const cutoff = dayOf(new Date(now.getTime() - keepDays * 86400_000))
  let due: string[]
  try {
    due = days(scope).filter((d) => d < cutoff).slice(0, opts.maxDays ?? 3)
  } catch {
    return []
  }
  const dir = daysDir(scope)
  const top = scopeDir(scope)
  const gone: string[] = []
  for (const day of due) {
    const path = dayFile(dir, day)
    const carried: LedgerEntry[] = []
    const entries = new Map<string, LedgerEntry>()
    for (const line of readDay(path, scope.name)) {
      if ('forgot' in line) entries.delete(line.forgot)
      else entries.set(line.id, line)
    }
    for (const e of entries.values()) {
      // the per-job file may be newer (the id used again since): only this record's own file goes
      const own = join(top, `${safeId(e.id)}.json`)
      const current = (() => { try { return parseEntry(readFileSync(own, 'utf8'), scope.name, e.id) } catch { return undefined } })()
      if (!current) continue // forgotten already
      if (current.submittedAt !== e.submittedAt) continue // the id was used again: its newer day file has it
      const ended = !!current.cleanedAt || (!!e.end && existsSync(e.end))
      if (ended || opts.isLive?.(e.id) === false) {
        try { unlinkSync(own) } catch { /* gone */ }
        gone.push(e.id)
      } else carried.push(e)
    }
    appendDay(scope, dayOf(now), carried)
    try { unlinkSync(path) } catch { /* another process took it */ }
  }
  return gone
}

/**
 * The ids recorded on a backend whose id starts with `prefix` (Torque's `123` for `123.server`), or all of
 * them; with `since`, only those recorded since then. Synchronous: for a backend's id grammar, which is.
 */
export function recordedIds(scope: LedgerScope, opts: { prefix?: string; since?: Date } = {}): string[] {
  let dir: string
  let files: string[]
  try {
    dir = scopeDir(scope)
    const stem = opts.prefix === undefined ? '' : safeId(opts.prefix)
    files = readdirSync(dir).filter((f) => f.startsWith(stem) && f.endsWith('.json'))
  } catch {
    return []
  }
  return files.flatMap((f) => {
    try {
      if (opts.since && statSync(join(dir, f)).mtimeMs < opts.since.getTime()) return []
      const entry = parseEntry(readFileSync(join(dir, f), 'utf8'), scope.name, f.slice(0, -'.json'.length))
      // written since, but perhaps by clean (markJobsCleaned) long after the submission
      if (opts.since && Date.parse(entry.submittedAt) < opts.since.getTime()) return []
      return opts.prefix === undefined || entry.id.startsWith(opts.prefix) ? [entry.id] : []
    } catch {
      return [] // removed meanwhile, or torn
    }
  })
}
