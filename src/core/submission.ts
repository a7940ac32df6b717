// The one submit path, for a job pcluster wrote (Job.submit) and a script as it is (submitFile, `submit-file`):
// the dependencies (singleton made afterany where the scheduler has none), the parents' end records, the
// max_queue_len throttle, then the folder's manifest and the ledger. What can be checked is checked before the
// scheduler is asked; what fails after it accepted the job is said beside the id, never in its place.
import { accessSync, constants, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Backend, JobFiles, SubmitRequest } from '../backends/types.js'
import type { Config } from './config.js'
import { dependencyIds } from './dependencies.js'
import { FileError, OUTCOME_UNKNOWN, SchedulerError, UsageError } from './errors.js'
import { fsCause } from './fsfaults.js'
import { MANIFEST, recordJob as recordInManifest } from './jobfiles.js'
import { ledgerDirs, pruneJobs, recallJobs, recordJob as recordInLedger } from './ledger.js'
import { log } from './log.js'
import { notify } from './notices.js'
import { isAsked, SAID_WHEN_IGNORED, type JobOptions } from './options.js'
import { Queue } from './queue.js'
import { isFinal, type JobState } from './states.js'
import { KEY_PATTERN, readKey, writeKey } from './submitkeys.js'
import { currentUser } from './user.js'

export interface SubmitSettings {
  /** Wait while the user has this many pending+running jobs; 0 disables; default from config (1000). */
  maxQueueLen?: number
  /** Called while the throttle holds the submission back. */
  onThrottle?: (count: number, max: number) => void
  /**
   * The submission's key (`--key`, `--once`): recorded before the scheduler is asked and written on the job, so
   * that a lost answer is looked up rather than sent again, and a key whose job is live or completed answers it.
   */
  key?: string
  /**
   * When the scheduler refuses the job for the user's submit limit (SchedulerError SUBMIT_LIMIT): true (the
   * default) holds it back until some of the user's jobs leave, then sends it again; false fails at once.
   */
  waitForLimit?: boolean
  /**
   * Asks the scheduler first whether and when the job could run, and checks it against the limits where it would
   * queue: a job that never could is refused (UsageError CHECK_REFUSED, exit 2) and nothing is submitted.
   * Default: [jobs] check in the config (false).
   */
  check?: boolean
}

/** The SubmitSettings a library caller gives among a job's options (besides maxQueueLen and onThrottle). */
export const SUBMIT_SETTING_KEYS = ['key', 'waitForLimit', 'check'] as const

/**
 * Refuses, before anything is written or sent, a keyword this backend's table refuses (a GPU on the local
 * queue): the job would run without something it needs.
 */
export function checkSupported(backend: Backend, options: JobOptions): void {
  for (const [key, entry] of Object.entries(backend.directives))
    if (entry !== null && typeof entry === 'object' && isAsked(options[key as keyof JobOptions]))
      throw new UsageError('NOT_SUPPORTED', entry.refuse, { hint: entry.hint })
}

/** The new keywords this backend has nothing for (SAID_WHEN_IGNORED), said in one line: the job runs without them. */
export function ignoredKeywords(backend: Backend, options: JobOptions): string[] {
  const passed = SAID_WHEN_IGNORED.filter((k) => isAsked(options[k]) && (backend.directives as Record<string, unknown>)[k] === null)
  return passed.length ? [`${backend.title} has no ${passed.map((k) => `--${k}`).join(', ')}: not passed on (the job runs without ${passed.length === 1 ? 'it' : 'them'})`] : []
}

/** What is recorded of a job once it has its id: its files (for the manifest), as the job will write them. */
export interface Recorded {
  name: string
  /** Absent when the system cannot tell the job's files: the ledger still has the id, the manifest nothing. */
  files?: JobFiles
  /** The manifest's suffix field ('' for a script pcluster did not write). */
  suffix: string
  /** The script the ledger names (the user's own for submit-file). */
  script: string
  /** The end record the job writes, for the ledger ('' where none is written); default: files.end. */
  end?: string
}

/** One submission, as the two faces describe it. */
export interface Submission {
  backend: Backend
  config: Config
  /** The name `singleton` matches: the one pcluster records for the job. */
  name: string
  /** Canonical tokens (dependencies.ts), each id already checked by the backend's grammar. */
  depends: readonly string[]
  /** The folder pcluster was called from. */
  cwd: string
  /**
   * The folder whose manifest will list the job (filedir; for submit-file the current folder); undefined when no
   * manifest entry will be written (a system that cannot tell a script's files).
   */
  dir: string | undefined
  /** The request for the backend, once the dependencies are expanded. */
  request(depends: string[], after: { id: string; end: string }[]): SubmitRequest
  /** What to record once the scheduler has accepted the job (may read what the backend answered). */
  recorded(id: string, req: SubmitRequest): Promise<Recorded>
}

export interface Submitted {
  id: string
  /** The dependencies as sent (singleton expanded where the scheduler has none). */
  depends: string[]
  request: SubmitRequest
  /** What was recorded; undefined when even that could not be learnt (said as a warning). */
  recorded: Recorded | undefined
  /** What could not be recorded after the job was accepted, one line each (also said through notices). */
  problems: string[]
  /**
   * Set when no new job was made: `earlier`, the key's job was submitted before (recorded is then the ledger's
   * record of it, when there is one); `found`, the scheduler's answer was lost and the job was found by its key.
   */
  adopted?: 'earlier' | 'found'
}

/** The states in which a key's job stands for the submission: submitted again only once it failed or left no trace. */
const ADOPTED: ReadonlySet<JobState> = new Set(['pending', 'held', 'running', 'completing', 'completed'])

/** The job a key made before, when it is live or completed: by the id recorded, else looked up by the key. */
async function earlierJob(backend: Backend, key: string): Promise<{ id: string; state: JobState } | undefined> {
  const rec = await readKey(backend, key)
  if (!rec) return undefined
  const id = rec.id ?? await backend.findByKey?.(key, new Date(Date.parse(rec.since) - 60_000))
  if (!id) return undefined
  const state = (await backend.status([id])).get(id)?.state
  if (!state || !ADOPTED.has(state)) return undefined
  if (!rec.id) await writeKey(backend, { ...rec, id }).catch(() => undefined)
  return { id, state }
}

/**
 * After a submit that failed without a clear refusal, the job the key was written on, if the scheduler has it:
 * asked at once, then twice more a second apart for an answer that was lost (the controller may still be taking it).
 */
async function foundByKey(backend: Backend, key: string, since: Date, unclear: boolean): Promise<string | undefined> {
  for (let i = 0; ; i++) {
    const id = await backend.findByKey!(key, since).catch(() => undefined)
    if (id || !unclear || i >= 2) return id
    await new Promise((r) => setTimeout(r, 1000))
  }
}

/**
 * `singleton` where the scheduler has none of its own: after every other live job of the user's with the same
 * name (the name pcluster gave it, from the ledger where it has the job), as `afterany` on each: the same
 * meaning as Slurm's, settled when the job is submitted.
 */
export async function expandSingleton(backend: Backend, tokens: readonly string[], name: string): Promise<string[]> {
  if (!tokens.includes('singleton') || backend.singleton) return [...tokens]
  const live = (await backend.queue({ user: currentUser() })).filter((j) => !isFinal(j.state))
  const named = await recallJobs(backend, live.map((j) => j.id)).catch(() => new Map())
  const same = live.filter((j) => (named.get(j.id)?.name || j.name) === name).map((j) => `afterany:${j.id}`)
  return [...new Set([...tokens.filter((t) => t !== 'singleton'), ...same])]
}

/**
 * Checks, before the scheduler is asked, that the job can be recorded: the ledger's folder can be made and written,
 * and the folder's manifest is a writable file (or can be made). A failure here submits nothing.
 */
function checkRecordable(backend: Backend, dir: string | undefined): void {
  let ledger: string | undefined
  try {
    for (ledger of ledgerDirs(backend)) accessSync(ledger, constants.W_OK)
  } catch (e) {
    const path = (e as NodeJS.ErrnoException).path ?? ledger ?? 'the state folder'
    throw new FileError('CANNOT_RECORD', `cannot record the job in pcluster's ledger at ${path}: ${fsCause(e)}; nothing was submitted`, {
      path, hint: 'pcluster keeps its records under $XDG_STATE_HOME/pcluster (default ~/.local/state/pcluster): make it writable, or point XDG_STATE_HOME elsewhere',
    })
  }
  if (dir === undefined) return
  const manifest = join(dir, MANIFEST)
  try {
    const st = statSync(manifest, { throwIfNoEntry: false })
    if (st && !st.isFile()) throw Object.assign(new Error('not a file'), { code: st.isDirectory() ? 'EISDIR' : 'EEXIST' })
    accessSync(st ? manifest : dir, constants.W_OK)
  } catch (e) {
    throw new FileError('CANNOT_RECORD', `cannot write the manifest ${manifest}: ${fsCause(e)}; nothing was submitted`, {
      path: manifest, hint: 'clean deletes only what this file lists: make the folder writable, or submit from another folder',
    })
  }
}

/** `--check`: the scheduler asked whether the job could ever run; refused with the limits named, nothing submitted. */
async function checkFirst(backend: Backend, s: Submission, timeoutMs: number): Promise<void> {
  if (!backend.check) {
    notify(`${backend.title} has no check before a job queues: submitted unchecked`)
    return
  }
  const depends = backend.singleton ? [...s.depends] : s.depends.filter((d) => d !== 'singleton')
  const { refused, notes } = await backend.check({ ...s.request(depends, []), timeoutMs })
  if (refused.length)
    throw new UsageError('CHECK_REFUSED', `${backend.title} could never run the job: ${refused.join('; ')}; nothing was submitted`, {
      hint: 'ask for less, or choose another partition (--partition)',
    })
  for (const n of notes) notify(`check: ${n}`)
}

/**
 * Submits: dependencies expanded, the throttle waited on, the scheduler asked, then the manifest and the ledger
 * written. A failure before the scheduler accepts the job throws (nothing submitted); one after it returns the id
 * all the same, with what could not be recorded in `problems` (each also said through notices).
 */
export async function submitJob(s: Submission, settings: SubmitSettings = {}): Promise<Submitted> {
  const { backend, config } = s
  const key = settings.key
  if (key !== undefined && !KEY_PATTERN.test(key))
    throw new UsageError('BAD_KEY', `--key ${JSON.stringify(key)}: a key is 1 to 100 letters, digits and . _ : @ + -`, {
      hint: 'the key is written on the job (Slurm: its comment), so it has no spaces or quotes; --once makes one from the command',
    })
  checkRecordable(backend, s.dir)
  if (settings.check ?? config.settings.check) await checkFirst(backend, s, config.settings.submitTimeout * 1000)
  let depends: string[] = [...s.depends]
  let req: SubmitRequest | undefined
  let adopted: Submitted['adopted']
  const send = async (): Promise<string> => {
    if (key) {
      // under the throttle's lock: two submits of one key at once find each other's record
      const earlier = await earlierJob(backend, key)
      if (earlier) {
        adopted = 'earlier'
        req = s.request(depends, [])
        return earlier.id
      }
    }
    depends = await expandSingleton(backend, s.depends, s.name)
    // the end records of the jobs it depends on, where pcluster submitted them (a backend may check them itself)
    const parents = depends.length ? await recallJobs(backend, dependencyIds(depends)) : new Map()
    const after = [...parents.values()].filter((e) => e.end).map((e) => ({ id: e.id as string, end: e.end as string }))
    req = { ...s.request(depends, after), ...(key ? { key } : {}), timeoutMs: config.settings.submitTimeout * 1000 }
    if (!key || !backend.findByKey) return backend.submit(req)
    // the key is recorded before the scheduler is asked: a pcluster killed meanwhile leaves it pending, and the next
    // submit of the key looks the job up
    const since = new Date()
    await writeKey(backend, { key, since: since.toISOString() })
    try {
      return await backend.submit(req)
    } catch (e) {
      if (!(e instanceof SchedulerError)) throw e
      const found = await foundByKey(backend, key, new Date(since.getTime() - 60_000), OUTCOME_UNKNOWN.has(e.code))
      if (!found) throw e
      adopted = 'found'
      notify(`${e.message}; but ${backend.title} has job ${found} with key ${key}: taken as this submission's job, not submitted again`)
      return found
    }
  }
  // a singleton pcluster expands is looked up and submitted under the throttle's lock (taken even without a
  // limit), so that two submits of one name at once cannot both find the other absent
  const expands = s.depends.includes('singleton') && !backend.singleton
  const max = settings.maxQueueLen ?? config.settings.maxQueueLen
  let saidLimit = false
  const limit = settings.waitForLimit === false ? undefined : {
    refused: (e: unknown) => e instanceof SchedulerError && e.code === 'SUBMIT_LIMIT',
    onLimit: (e: unknown, count: number) => {
      if (!saidLimit) notify(`${(e as Error).message}, with ${count} of your jobs queued: held back until some leave, then submitted again (--no-wait-for-limit fails instead)`)
      saidLimit = true
    },
  }
  const id = await new Queue(backend).whenRoom(currentUser(), max > 0 || !expands ? max : Number.MAX_SAFE_INTEGER, send,
    settings.onThrottle, config.settings.pollMax * 1000, limit)
  if (adopted === 'earlier') {
    notify(`job ${id} was submitted with key ${key} before: not submitted again`)
    const entry = (await recallJobs(backend, [id]).catch(() => new Map())).get(id)
    const recorded: Recorded | undefined = entry && {
      name: entry.name, suffix: '', script: entry.script, end: entry.end,
      files: { dir: entry.dir, script: entry.script, out: entry.out, err: entry.err, end: entry.end },
    }
    return { id, depends: entry?.depends ?? depends, request: req!, recorded, problems: [], adopted }
  }
  log.debug(() => `job ${s.name}: submitted to ${backend.name} as ${id}`)
  const problems: string[] = []
  const attempt = async (what: string, path: string | undefined, then: string, fn: () => unknown) => {
    try {
      await fn()
    } catch (e) {
      const where = path ?? (e as NodeJS.ErrnoException).path
      problems.push(`job ${id} was submitted, but ${what}${where ? ` ${where}` : ''} could not be written (${fsCause(e)}): ${then}`)
    }
  }
  let recorded: Recorded | undefined
  try {
    recorded = await s.recorded(id, req!)
  } catch (e) {
    problems.push(`job ${id} was submitted, but its files could not be learnt (${fsCause(e)}): clean will not list them`)
  }
  const files = recorded?.files
  if (recorded && files)
    await attempt('the manifest', join(files.dir, MANIFEST), 'clean will not find its files', () =>
      recordInManifest(files, { id, qtype: backend.name, name: recorded.name, suffix: recorded.suffix }, { perHost: backend.idsPerHost }))
  await attempt("pcluster's ledger entry", undefined, `wait and cancel need --qtype ${backend.name} to find it`, () => {
    recordInLedger(backend, {
      backend: backend.name, id, name: recorded?.name ?? s.name, script: recorded?.script ?? '', out: files?.out ?? '', err: files?.err ?? '',
      end: recorded?.end ?? files?.end ?? '', dir: files?.dir ?? s.dir ?? s.cwd, cwd: s.cwd, depends, submittedAt: new Date().toISOString(),
    })
  })
  if (key) await attempt('the record of its key', undefined, `a submit with --key ${key} will look the job up`, () =>
    writeKey(backend, { key, id, since: new Date().toISOString() }))
  // records past [jobs] keep_days go on the way: nothing is due on most days (one directory listing)
  try { pruneJobs(backend, { keepDays: config.settings.keepDays }) } catch { /* only tidying */ }
  for (const p of problems) notify(p)
  return { id, depends, request: req!, recorded, problems, ...(adopted ? { adopted } : {}) }
}

