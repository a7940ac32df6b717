// Job file names, claiming them without collisions, and the manifest of every file pcluster wrote in a
// folder: the only list `clean` ever deletes from.
import { appendFileSync, closeSync, constants, existsSync, mkdirSync, openSync, readFileSync, unlinkSync, writeFileSync, writeSync } from 'node:fs'
import { appendFile, readFile, unlink } from 'node:fs/promises'
import { hostname } from 'node:os'
import { basename, dirname, isAbsolute, join, normalize, relative, resolve } from 'node:path'
import { FileError } from './errors.js'
import { fsCause } from './fsfaults.js'
import { expandPattern, literalPattern } from './outputpatterns.js'
import { stateDir } from './paths.js'
import type { JobFiles } from '../backends/types.js'

export const MANIFEST = '.pcluster-manifest.jsonl'

/** A name safe in a file name: runs of anything but letters, digits, `.`, `_`, `+`, `-` become `_`. */
export function fileBase(name: string): string {
  const base = name.replace(/[^A-Za-z0-9._+-]+/g, '_').replace(/^[._-]+/, '').slice(0, 64)
  return base || 'job'
}

/** A job name from its command: the first word's base name (`python3 run.py` -> `python3`). */
export function defaultName(command: string): string {
  const first = command.trim().split(/\s+/)[0] ?? ''
  return fileBase(basename(first.replace(/^['"]|['"]$/g, ''))) || 'job'
}

type FileOptions = {
  filedir: string; base: string; suffix: string; ext: string; outfile?: string; errfile?: string; cwd?: string
}

/**
 * A job's files under one base name. `out` and `err` are output patterns (outputpatterns.ts: the user's
 * --outfile/--errfile, or the default name with any `%` of the folder's path doubled); the rest are paths.
 */
export function plannedFiles(opts: FileOptions): JobFiles {
  const cwd = opts.cwd ?? process.cwd()
  const dir = resolve(cwd, opts.filedir)
  const stem = join(dir, `${opts.base}.${opts.suffix}`)
  // a relative pattern is anchored at the current folder, whose own `%`s are literal
  const at = (p: string) => (isAbsolute(p) ? normalize(p) : join(literalPattern(cwd), p))
  return {
    dir,
    script: `${stem}.${opts.ext}`,
    out: opts.outfile ? at(opts.outfile) : literalPattern(`${stem}.out`),
    err: opts.errfile ? at(opts.errfile) : literalPattern(`${stem}.err`),
    end: `${stem}.end`,
  }
}

/** Whether a set of names is free: no script, no end record, and none of pcluster's default outputs yet. */
function isFree(files: JobFiles, opts: FileOptions): boolean {
  return !existsSync(files.script) && !mustBeNew(files, opts).some((f) => existsSync(f))
}

/** Outputs chosen by the user may exist on purpose; the end record and the default outputs must be new. */
function mustBeNew(files: JobFiles, opts: FileOptions): string[] {
  const stem = files.end.slice(0, -'.end'.length)
  return [files.end, ...(opts.outfile ? [] : [`${stem}.out`]), ...(opts.errfile ? [] : [`${stem}.err`])]
}

/** The files of the `n`th job of a base name: `NAME`, `NAME_2`, `NAME_3`, ... */
const nth = (opts: FileOptions, n: number): JobFiles => plannedFiles({ ...opts, base: n === 1 ? opts.base : `${opts.base}_${n}` })

/** Names are numbered within a folder up to this (far beyond any folder a file system lists in reasonable time). */
const MAX_INDEX = 2 ** 31

const noFreeName = (opts: FileOptions) =>
  new FileError('NO_FREE_NAME', `no free job file name for ${opts.base} in ${opts.filedir}`, { path: opts.filedir })

// ---- where to start looking for a free name ----------------------------------------------------------------
// Claiming walks up from a start index until an exclusive create succeeds. Walking from 1 made the 10,000th job
// of a name cost 10,000 looks (issue 17), so the start is remembered per folder and name (the index after the
// last one claimed, in the user's state dir, not the folder: nothing appears beside the job files), and found
// in O(log n) looks when that hint is missing or stale. The hint only saves looks: O_EXCL alone keeps names
// unique, so a hint lost, torn or raced by another process costs time, never a collision.

/** The hint file of a folder's base name: `$XDG_STATE_HOME/pcluster/names/<folder digest>/<base>.<suffix>`. */
/**
 * A short name for a folder's path (cyrb53, two 32-bit lanes): the hint is only where the search starts, checked
 * against the folder, so a clash costs a few looks, never a wrong name; node:crypto's sha256 cost ~3 ms of every
 * submit just to load.
 */
export function folderKey(path: string): string {
  let h1 = 0xdeadbeef
  let h2 = 0x41c6ce57
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 2654435761)
    h2 = Math.imul(h2 ^ c, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0')
}

function hintPath(opts: FileOptions): string | undefined {
  try {
    const dir = resolve(opts.cwd ?? process.cwd(), opts.filedir)
    const digest = folderKey(dir)
    return join(stateDir('names', digest), `${opts.base}.${opts.suffix}`)
  } catch {
    return undefined // no state dir: the search below still finds a name
  }
}

function readHint(path: string | undefined): number | undefined {
  if (!path) return undefined
  try {
    const n = Number(readFileSync(path, 'utf8').trim())
    return Number.isInteger(n) && n >= 1 && n < MAX_INDEX ? n : undefined
  } catch {
    return undefined
  }
}

/** Written in place at a fixed width, never truncated first, so that a concurrent reader never sees it empty. */
function writeHint(path: string | undefined, n: number): void {
  if (!path) return
  try {
    const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT, 0o600)
    try { writeSync(fd, String(n).padStart(12, ' '), 0) } finally { closeSync(fd) }
  } catch { /* only a hint */ }
}

const taken = (opts: FileOptions, n: number) => !isFree(nth(opts, n), opts)

/**
 * Where a free name starts: the remembered index when the one before it is taken (names are claimed upwards, so
 * a hint whose predecessor is gone, after `clean` or a new folder, is stale), else the first free index above a
 * taken one, found by doubling then halving (O(log n) looks; the lowest free one when names form a run from 1).
 */
function startIndex(opts: FileOptions, hint: number | undefined): number {
  if (hint !== undefined && (hint === 1 || taken(opts, hint - 1))) return hint
  if (!taken(opts, 1)) return 1
  let lo = 1 // taken
  let hi = 2
  while (hi < MAX_INDEX && taken(opts, hi)) [lo, hi] = [hi, Math.min(hi * 2, MAX_INDEX)]
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2)
    if (taken(opts, mid)) lo = mid
    else hi = mid
  }
  return hi
}

/** The names claimFiles would take now (the next free `_2`, `_3`, ...), creating nothing: for --dry-run. */
export function nextFreeFiles(opts: FileOptions): JobFiles {
  for (let n = startIndex(opts, readHint(hintPath(opts))); n < MAX_INDEX; n++) {
    const files = nth(opts, n)
    if (isFree(files, opts)) return files
  }
  throw noFreeName(opts)
}

/**
 * Claims a set of file names for a job: the script is created exclusively (O_EXCL), so two pcluster
 * processes never get the same names; when a name is taken, the next index is tried. The same cost for the
 * 100,000th job of a name in a folder as for the first (see startIndex). (Synchronous on purpose: a handful
 * of tiny file operations on the submit path, where a thread-pool hop each costs more.)
 */
/**
 * Makes `dir` and the folders above it that are missing, one at a time: Node's recursive mkdirSync loops for ever
 * where the parent exists but refuses a child with ENOENT (a filedir under /proc/sys).
 */
function makeFolders(dir: string): void {
  const missing: string[] = []
  for (let d = dir; !existsSync(d) && dirname(d) !== d; d = dirname(d)) missing.unshift(d)
  for (const d of missing) {
    try {
      mkdirSync(d)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    }
  }
}

export async function claimFiles(opts: FileOptions): Promise<JobFiles> {
  const dir = resolve(opts.cwd ?? process.cwd(), opts.filedir)
  try {
    makeFolders(dir)
  } catch (e) {
    throw new FileError('CANNOT_WRITE', `cannot create filedir ${dir}: ${fsCause(e)}`, { path: dir })
  }
  const hint = hintPath(opts)
  for (let n = startIndex(opts, readHint(hint)); n < MAX_INDEX; n++) {
    const files = nth(opts, n)
    try {
      closeSync(openSync(files.script, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o755))
    } catch (e) {
      const err = e as NodeJS.ErrnoException
      if (err.code === 'EEXIST') continue
      throw new FileError('CANNOT_WRITE', `cannot write job files in ${files.dir}: ${err.message}`, { path: files.script })
    }
    if (!mustBeNew(files, opts).some((f) => existsSync(f))) {
      writeHint(hint, n + 1)
      return files
    }
    unlinkSync(files.script)
  }
  throw noFreeName(opts)
}

/** The job's files once it has its id: the output patterns become the paths the job writes. */
export function expandOutputs(files: JobFiles, values: { id: string; name: string; user: string }): JobFiles {
  return { ...files, out: expandPattern(files.out, values), err: expandPattern(files.err, values) }
}

export async function writeScriptFile(files: JobFiles, text: string): Promise<void> {
  try {
    writeFileSync(files.script, text, { mode: 0o755 })
  } catch (e) {
    throw new FileError('CANNOT_WRITE', `cannot write ${files.script}: ${(e as Error).message}`, { path: files.script })
  }
}

/** Removes a claimed script that was never submitted. */
export async function releaseFiles(files: JobFiles): Promise<void> {
  await unlink(files.script).catch(() => undefined)
}

// ---- the manifest ----------------------------------------------------------------------------------------

export interface ManifestEntry {
  id: string
  /** The backend's name (the field keeps python-cluster's word). */
  qtype: string
  /** For backends whose ids are per host (the local queue): the host whose queue ran it. */
  host?: string
  name: string
  suffix: string
  /** Absolute paths of every file the job's script or pcluster writes. */
  files: string[]
  at: string
}

type ManifestLine = ({ v: 1 } & Omit<ManifestEntry, 'files'> & { files: string[] }) | { v: 1; cleaned: string }

const key = (e: { qtype: string; id: string; host?: string }) => `${e.qtype}:${e.host ? `${e.host}:` : ''}${e.id}`

/**
 * Appends one job to its folder's manifest (one JSON line; O_APPEND keeps concurrent writers whole).
 * Paths inside the folder are stored relative to it, so the folder can be moved.
 */
export async function recordJob(files: JobFiles, entry: Omit<ManifestEntry, 'files' | 'at' | 'host'>, opts: { perHost: boolean }): Promise<void> {
  const all = [files.script, files.out, files.err, files.end]
  const rel = all.map((p) => {
    const r = relative(files.dir, p)
    return r.startsWith('..') || isAbsolute(r) ? p : r
  })
  const host = opts.perHost ? { host: hostname() } : {}
  const line: ManifestLine = { v: 1, ...entry, ...host, files: rel, at: new Date().toISOString() }
  appendFileSync(join(files.dir, MANIFEST), JSON.stringify(line) + '\n', { mode: 0o644 })
}

/** The jobs a folder's manifest lists and that were not cleaned yet. */
export async function readManifest(dir: string): Promise<ManifestEntry[]> {
  const path = join(dir, MANIFEST)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw new FileError('MANIFEST_UNREADABLE', `cannot read ${path}: ${(e as Error).message}`, { path })
  }
  const jobs = new Map<string, ManifestEntry>()
  for (const line of text.split('\n')) {
    if (!line.trim()) continue
    let rec: ManifestLine
    try {
      rec = JSON.parse(line) as ManifestLine
    } catch {
      continue // a torn last line from a crash; everything before it is whole
    }
    if ('cleaned' in rec) jobs.delete(rec.cleaned)
    else jobs.set(key(rec), { ...rec, files: rec.files.map((f) => resolve(dir, f)) })
  }
  return [...jobs.values()]
}

/** Marks jobs as cleaned; when none is left, the manifest itself goes. */
export async function markCleaned(dir: string, entries: readonly ManifestEntry[]): Promise<void> {
  if (!entries.length) return
  const path = join(dir, MANIFEST)
  const lines = entries.map((e) => JSON.stringify({ v: 1, cleaned: key(e) }) + '\n').join('')
  await appendFile(path, lines)
  if ((await readManifest(dir)).length === 0) await unlink(path).catch(() => undefined)
}
