// Queue: the user's jobs on one backend, their true states, waiting on many at the cost of one, and the
// max_queue_len throttle shared by concurrent pcluster processes.
import { join } from 'node:path'
import { readFileSync, writeFileSync } from 'node:fs'
import type { Backend } from '../backends/types.js'
import { PclusterError, TransientError, UsageError } from './errors.js'
import { groupJobIds, recallRefs, refuseOthersJobs } from './jobrefs.js'
import { recentJobs, type LedgerEntry } from './ledger.js'
import { checkSince, listed, pruneOwn, settledAlready, type ListFilter } from './listfilter.js'
import { currentUser } from './user.js'
import { withLock } from './lock.js'
import { loadConfig } from './config.js'
import { jobIds, type JobRef } from './keywords.js'
import { backends } from './resolver.js'
import { blankStatus } from './outcome.js'
import { EndRecords } from './endrecords.js'
import { earliest, settledStatuses, settleOne } from './statuses.js'
import { backendScope, stateDir } from './paths.js'
import { isFinal, type JobState, type JobStatus } from './states.js'
import { pause as sleep } from './pause.js' // its loops have a `pause` of their own

export type { ListFilter } from './listfilter.js'

export interface WaitProgress {
  /** Jobs by state right now (final ones included). */
  counts: Partial<Record<JobState, number>>
  done: number
  total: number
  /** Set while the scheduler could not be asked. */
  trouble?: string
}

export interface WaitOptions {
  /** Called after every poll. */
  onProgress?: (p: WaitProgress) => void
  /** First pause between polls, ms (doubles up to pollMaxMs). */
  pollMinMs?: number
  pollMaxMs?: number
  /** How long a job pcluster submitted may be absent from the scheduler with no end record before it is `unknown`. */
  absentGraceMs?: number
  /** The same for an id pcluster never submitted: nobody has a record that could still appear but the scheduler. */
  strangerGraceMs?: number
  /** Give up after this many scheduler failures in a row. */
  maxFailures?: number
  /**
   * How often, ms, to look (a stat each, no scheduler call) for the end records of the jobs pcluster submitted
   * between polls; one appearing brings the next poll forward. Stretched so that at most ~200 files are looked
   * at a second, whatever the number of jobs.
   */
  endTickMs?: number
  /** Stops the wait (the jobs are left as they are): `wait --timeout`. */
  signal?: AbortSignal
}

/** python-cluster's `Queue(user, qtype)`: whose jobs (`'self'`, the default; a user name; `'all'`) on which system (detected when absent). */
export interface QueueInit {
  user?: 'self' | 'all' | (string & {})
  qtype?: string
}

/**
 * The user's jobs on one batch system. `new Queue(backend)` is the core's form; `new Queue({ user, qtype })` is
 * python-cluster's: `await q.update()` fills `jobs`, `running`, `queued` and `complete` (each by id).
 */
export class Queue {
  /** Every job seen by the last update(), by id. */
  jobs = new Map<string, JobStatus>()
  /** Those running (or completing). */
  running = new Map<string, JobStatus>()
  /** Those pending or held. */
  queued = new Map<string, JobStatus>()
  /** Those that ended, however they ended. */
  complete = new Map<string, JobStatus>()
  /** Whose jobs: a user name, or undefined for every user. */
  readonly user: string | undefined
  private picked: Backend | undefined
  private readonly asked: string | undefined

  constructor(from: Backend | QueueInit = {}) {
    if ('status' in from && typeof from.status === 'function') {
      this.picked = from as Backend
      this.user = currentUser()
    } else {
      const init = from as QueueInit
      this.asked = init.qtype
      this.user = !init.user || init.user === 'self' ? currentUser() : init.user === 'all' ? undefined : init.user
    }
  }

  /** The batch system (picked by the first update(), wait() or canSubmit() when the Queue was made from `{ qtype }`). */
  get backend(): Backend {
    if (!this.picked) throw new PclusterError('NO_BACKEND_YET', 'this Queue has no batch system yet: await q.update() first')
    return this.picked
  }

  /**
   * Picks the system once: the one asked for; else, given ids, the one pcluster submitted them to (the rule of
   * `wait ID`, core/jobrefs.ts); else the one detected here.
   */
  private async ready(ids?: readonly string[]): Promise<Backend> {
    if (this.picked) return this.picked
    if (this.asked || !ids?.length) return (this.picked = await backends().pick(this.asked))
    const groups = await groupJobIds(ids)
    if (groups.length > 1)
      throw new UsageError('MIXED_SYSTEMS', `these jobs are on ${groups.map((g) => g.backend.title).join(' and ')}, and a Queue is one batch system`, {
        hint: 'wait on them with wait() (it asks each system), or make one Queue per system: new Queue({ qtype })',
      })
    return (this.picked = groups[0]!.backend)
  }

  /** Asks the batch system for the jobs (live ones and those that ended in the last day) and sorts them by state. */
  async update(): Promise<this> {
    await this.ready()
    const list = await this.list({ user: this.user })
    this.jobs = new Map(list.map((j) => [j.id, j]))
    const pick = (f: (s: JobStatus) => boolean) => new Map(list.filter(f).map((j) => [j.id, j]))
    this.running = pick((j) => j.state === 'running' || j.state === 'completing')
    this.queued = pick((j) => j.state === 'pending' || j.state === 'held')
    this.complete = pick((j) => isFinal(j.state))
    return this
  }

  /** Whether the user's pending+running jobs are below `max` (default: max_queue_len from the config; 0: no limit). */
  async canSubmit(max?: number): Promise<boolean> {
    const limit = max ?? loadConfig().settings.maxQueueLen
    if (limit <= 0) return true
    return (await retry(async () => (await this.ready()).activeCount(this.user ?? currentUser()))) < limit
  }

  /** Blocks until canSubmit(max) (python-cluster's wait_to_submit); the pause backs off to poll_max. */
  async waitToSubmit(max?: number, opts: { signal?: AbortSignal } = {}): Promise<void> {
    const pollMax = loadConfig().settings.pollMax * 1000
    for (let pause = 1000; !(await this.canSubmit(max)) && !opts.signal?.aborted; pause = Math.min(pause * 2, pollMax)) await sleep(pause, opts.signal)
  }

  /** The true state of each id: the scheduler's word merged with the job's own end record (core/statuses.ts). */
  async statuses(ids: readonly string[], known?: Map<string, LedgerEntry>): Promise<Map<string, JobStatus>> {
    await this.ready(ids)
    return settledStatuses(this.backend, ids, known)
  }

  /**
   * Jobs in the queue and those that ended since `filter.since` (default: the last day, as Slurm shows; null:
   * all that are kept), for `pcluster queue`. The user's own jobs that pcluster submitted in that time (cleaned
   * or not) are shown even where the listing leaves them out: asked by id, and from their end records while
   * accounting has not caught up with them. Names (a glob) and partitions are matched here, after the
   * scheduler's answer, the same on every backend. Asking for the user's own jobs also prunes their ledger on
   * the way (see pruneOwn).
   */
  async list(filter: ListFilter): Promise<JobStatus[]> {
    await this.ready()
    const since = filter.since === undefined ? new Date(Date.now() - 86400_000) : filter.since === null ? undefined : checkSince(filter.since)
    const jobs = await retry(() => this.backend.queue({ user: filter.user, ...(since ? { since } : { all: true }) }))
    const mine = filter.user === currentUser()
    // where the system lists every job at once (the local queue), pcluster's own records add nothing
    const own = mine && !this.backend.listsAtOnce ? await recentJobs(this.backend, since) : new Map<string, LedgerEntry>()
    const seen = new Map(jobs.map((j) => [j.id, j]))
    if (mine) pruneOwn(this.backend, seen, filter.keepDays)
    const missing = [...own.keys()].filter((id) => !seen.has(id))
    // a job the listing leaves out may still be known by its id (one batched call for them all): a system's
    // history by time can skip jobs that never became eligible, such as those a failed dependency killed
    const byId = missing.length ? await retry(() => this.backend.status(missing, { since: earliest(missing, own) })) : new Map<string, JobStatus>()
    const merged = await Promise.all([...jobs.map((j) => j.id), ...missing].map(async (id) => {
      const mine = own.get(id)
      const other = byId.get(id)
      // another user's job by that id is not this one (a system set up anew counts its ids from 1 again)
      const sched = seen.get(id) ?? (other && (!other.user || other.user === filter.user) ? other : undefined)
      const s = await settleOne(this.backend, id, sched, mine && settledAlready(this.backend, sched) ? { ...mine, end: '' } : mine)
      return s.user ? s : { ...s, user: filter.user ?? '' }
    }))
    return merged.filter(listed(filter, since))
  }

  /**
   * Blocks until every job has ended, or until `signal` aborts (then the statuses known so far, some not
   * final: the jobs are left as they are); returns their statuses in the order given. Costs one status call
   * per poll whatever the number of jobs; the pause between polls starts short and backs off.
   */
  async wait(jobs: JobRef | readonly JobRef[], opts: WaitOptions = {}): Promise<JobStatus[]> {
    const ids = jobIds(jobs, 'a job to wait on')
    await this.ready(ids)
    if (this.backend.watch) return this.watch(ids, opts)
    const minMs = opts.pollMinMs ?? 500
    const maxMs = opts.pollMaxMs ?? 30_000
    const grace = opts.absentGraceMs ?? 60_000
    const strangerGrace = opts.strangerGraceMs ?? 5_000
    const maxFailures = opts.maxFailures ?? 30
    const last = new Map<string, JobStatus>(ids.map((id) => [id, blankStatus(id, 'pending')]))
    const open = new Set(ids)
    const absentSince = new Map<string, number>()
    let pause = minMs
    let failures = 0
    const ledger = await recallRefs(this.backend, ids) // once: the ledger does not change while we wait
    const ends = new EndRecords(ids, ledger, opts.endTickMs ?? 500)
    await ends.seen() // those already written bring nothing forward: the first poll reads them
    while (open.size && !opts.signal?.aborted) {
      let trouble: string | undefined
      try {
        const now = await this.statuses([...open], ledger)
        // the jobs waited on must be the caller's (those they depend on may be anyone's)
        refuseOthersJobs(this.backend, this.user, now, ledger)
        failures = 0
        for (const id of [...open]) {
          const s = now.get(id)!
          if (s.state === 'unknown' && s.rawState === '') {
            // neither the scheduler nor the job has a word yet: accounting may lag behind the queue
            const since = absentSince.get(id) ?? Date.now()
            absentSince.set(id, since)
            if (Date.now() - since < (ledger.has(id) ? grace : strangerGrace)) continue
            if (!ledger.has(id)) s.reason = `${this.backend.title} has no record of a job ${id}, and pcluster did not submit one`
          } else absentSince.delete(id)
          last.set(id, s)
          if (isFinal(s.state)) open.delete(id)
        }
      } catch (e) {
        if (!(e instanceof TransientError)) throw e
        if (++failures >= maxFailures) throw e
        trouble = `${e.message} (try ${failures} of ${maxFailures}; states unchanged)`
      }
      opts.onProgress?.(progress(last, ids.length - open.size, ids.length, trouble))
      if (!open.size) break
      // a job that wrote its end record has ended: the scheduler is asked again at once, and then soon, until
      // it agrees (Slurm shows a job COMPLETING for a moment); the scheduler's word stays the decider
      pause = (await ends.until(pause, open, opts.signal)) ? minMs : Math.min(Math.round(pause * 1.5), maxMs)
    }
    return ids.map((id) => last.get(id)!)
  }

  /**
   * Waiting pushed by the backend (the local queue): no polling; a dropped connection is picked up again. Each
   * final state goes through the same rule as a polled one.
   */
  private async watch(ids: readonly string[], opts: WaitOptions): Promise<JobStatus[]> {
    const ledger = await recallRefs(this.backend, ids)
    const last = new Map<string, JobStatus>(ids.map((id) => [id, blankStatus(id, 'pending')]))
    const report = (trouble?: string) => {
      const done = [...last.values()].filter((s) => isFinal(s.state)).length
      opts.onProgress?.(progress(last, done, ids.length, trouble))
    }
    const maxFailures = opts.maxFailures ?? 30
    for (let failures = 0; ;) {
      try {
        const final = await this.backend.watch!(ids, (s) => { last.set(s.id, s); report() }, opts.signal)
        if (opts.signal?.aborted) return ids.map((id) => last.get(id)!)
        return await Promise.all(ids.map((id) => settleOne(this.backend, id, final.get(id), ledger.get(id))))
      } catch (e) {
        if (opts.signal?.aborted) return ids.map((id) => last.get(id)!)
        if (!(e instanceof PclusterError) || e.exitCode === 2 || e.final || ++failures >= maxFailures) throw e
        report(`${e.message} (try ${failures} of ${maxFailures}; states unchanged)`)
        await sleep(Math.min(200 * 2 ** failures, opts.pollMaxMs ?? 30_000), opts.signal)
      }
    }
  }

  /**
   * Runs `submit` once the user's pending+running jobs are below maxQueueLen (0: no limit). A lock held
   * across count-and-submit keeps concurrent pcluster processes from overshooting together. The count is
   * cached for a few seconds under the same lock (it only grows by our own submissions meanwhile), so a bash
   * loop of submissions does not ask the scheduler every time. With `limit`, a refusal for the site's own submit
   * limit (`limit.refused(e)`) teaches the throttle that limit (the jobs queued then) and the submission waits for
   * room below it like any other, then is sent again; a refusal with no job of the user's queued is no limit to wait out.
   */
  async whenRoom<T>(user: string, maxQueueLen: number, submit: () => Promise<T>,
    onWait?: (count: number, max: number) => void, pollMaxMs = 30_000,
    limit?: { refused: (e: unknown) => boolean; onLimit: (e: unknown, count: number) => void }): Promise<T> {
    if (maxQueueLen <= 0 && !limit) return submit()
    let max = maxQueueLen > 0 ? maxQueueLen : Number.POSITIVE_INFINITY
    // a limit learnt from a refusal is the count asked just after it, which can be lower than the site's limit
    // (jobs that left in between): it holds the submission back, but at the longest pause the scheduler is asked
    // again by submitting, so that jobs that never leave (held ones) cannot hold it for ever
    let learnt = false
    const learn = async (e: unknown): Promise<number> => {
      if (!limit?.refused(e)) throw e
      const now = await retry(() => this.backend.activeCount(user))
      if (now === 0) throw e
      learnt = true
      max = Math.min(max, now)
      limit.onLimit(e, now)
      return now
    }
    // no limit of our own: no lock and no count, unless the site's limit is met
    if (max === Number.POSITIVE_INFINITY) {
      try {
        return await submit()
      } catch (e) {
        await learn(e)
        await sleep(1000)
      }
    }
    const scope = backendScope(this.backend)
    const lock = join(stateDir(), `submit-${scope}.lock`)
    const cachePath = join(stateDir(), `queue-count-${scope}.json`)
    for (let pause = 1000; ; pause = Math.min(pause * 2, pollMaxMs)) {
      const result = await withLock(lock, async (): Promise<{ value: T } | { waiting: number }> => {
        let cached: { count: number; at: number; user: string } | undefined
        try {
          cached = JSON.parse(readFileSync(cachePath, 'utf8'))
        } catch { /* none yet */ }
        const fresh = !!cached && cached.user === user && Date.now() - cached.at < COUNT_TTL_MS && cached.count < max
        // no limit of our own and none learnt yet: nothing to count
        const count = fresh ? cached!.count : await retry(() => this.backend.activeCount(user))
        if (count >= max && !(learnt && pause >= pollMaxMs && (maxQueueLen <= 0 || count < maxQueueLen))) {
          try { writeFileSync(cachePath, JSON.stringify({ count, at: Date.now(), user }), { mode: 0o600 }) } catch { /* only a cache */ }
          return { waiting: count }
        }
        let value: T
        try {
          value = await submit()
        } catch (e) {
          const now = await learn(e)
          try { writeFileSync(cachePath, JSON.stringify({ count: now, at: Date.now(), user }), { mode: 0o600 }) } catch { /* only a cache */ }
          return { waiting: now }
        }
        const at = fresh ? cached!.at : Date.now()
        // only a cache, written after the job was accepted: a full disk here must not turn it into a failure
        try { writeFileSync(cachePath, JSON.stringify({ count: count + 1, at, user }), { mode: 0o600 }) } catch { /* asked afresh next time */ }
        return { value }
      })
      if ('value' in result) return result.value
      // a wait at a limit learnt was said by onLimit
      if (max >= maxQueueLen && maxQueueLen > 0) onWait?.(result.waiting, max)
      await sleep(pause)
    }
  }
}

const COUNT_TTL_MS = 10_000

function progress(last: Map<string, JobStatus>, done: number, total: number, trouble?: string): WaitProgress {
  const counts: Partial<Record<JobState, number>> = {}
  for (const s of last.values()) counts[s.state] = (counts[s.state] ?? 0) + 1
  return { counts, done, total, ...(trouble ? { trouble } : {}) }
}

/** Retries a scheduler query that failed for now, with back-off; other errors pass through. */
export async function retry<T>(fn: () => Promise<T>, tries = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn()
    } catch (e) {
      if (!(e instanceof TransientError) || i >= tries) throw e
      await sleep(500 * 2 ** i)
    }
  }
}
