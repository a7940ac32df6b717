// The per-user ledger of every job pcluster submitted (under the XDG state dir): its backend, id, name, files,
// folders and submit time. `wait`, `cancel`, `queue` and `clean` take an id's backend from here, and the end
// record path lets `pcluster wait ID` in any folder read the job's own word on how it ended. One small file
// per job: a write never races another, a lookup is one open. (The per-folder manifest stays `clean`'s authority.)
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { readFile, readdir, stat, unlink } from 'node:fs/promises'
import { join } from 'node:path'
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
}

/** What the ledger needs of a backend: its name, and whether its ids are per host. */
export type LedgerScope = { name: string; idsPerHost: boolean }

const safeId = (id: string) => id.replace(/[^A-Za-z0-9._-]/g, '_')
const scopeDir = (scope: LedgerScope) => stateDir('jobs', backendScope(scope))

/** Reads one entry; 0.1.0 wrote {name, end, script, submittedAt} and no backend: its folder says which. */
function parseEntry(text: string, backend: string, id: string): LedgerEntry {
  const raw = JSON.parse(text) as Partial<LedgerEntry>
  return {
    backend, id: raw.id ?? id, name: raw.name ?? '', script: raw.script ?? '', out: raw.out ?? '', err: raw.err ?? '', end: raw.end ?? '',
    dir: raw.dir ?? '', cwd: raw.cwd ?? '', depends: raw.depends ?? [], submittedAt: raw.submittedAt ?? '',
  }
}

export function recordJob(scope: LedgerScope, entry: LedgerEntry): void {
  writeFileSync(join(scopeDir(scope), `${safeId(entry.id)}.json`), JSON.stringify(entry), { mode: 0o600 })
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

export async function forgetJobs(scope: LedgerScope, ids: readonly string[]): Promise<void> {
  const dir = scopeDir(scope)
  await Promise.all(ids.map((id) => unlink(join(dir, `${safeId(id)}.json`)).catch(() => undefined)))
}

const KEEP_MS = 30 * 86400_000

/**
 * The jobs pcluster submitted on a backend since `since`, for `queue` (accounting can lag behind the queue by
 * seconds). Entries older than 30 days are pruned on the way.
 */
export async function recentJobs(scope: LedgerScope, since: Date): Promise<Map<string, LedgerEntry>> {
  const dir = scopeDir(scope)
  const recent = new Map<string, LedgerEntry>()
  await Promise.all((await readdir(dir)).filter((f) => f.endsWith('.json')).map(async (f) => {
    const path = join(dir, f)
    try {
      const { mtimeMs } = await stat(path)
      if (mtimeMs < Date.now() - KEEP_MS) return await unlink(path)
      if (mtimeMs < since.getTime()) return
      const id = f.slice(0, -'.json'.length)
      const entry = parseEntry(await readFile(path, 'utf8'), scope.name, id)
      recent.set(entry.id, entry)
    } catch { /* removed meanwhile */ }
  }))
  return recent
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
      const id = parseEntry(readFileSync(join(dir, f), 'utf8'), scope.name, f.slice(0, -'.json'.length)).id
      return opts.prefix === undefined || id.startsWith(opts.prefix) ? [id] : []
    } catch {
      return [] // removed meanwhile, or torn
    }
  })
}
