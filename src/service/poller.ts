// The shared status poller: one per (user, batch system), asking the scheduler once per interval for every
// watched id of every waiter, whatever their number; end records first, an interval that adapts, calls counted.
//
// How the service hosts it (what is left is wiring):
// - The per-user daemon keeps one Poller per backend name, made on the first `watch` for that backend
//   (`new Poller({ backend: await loadBackend(name), maxMs: loadConfig().settings.pollMax * 1000 })`) and
//   closed once it has had no watcher for a while. The local queue needs none: it pushes its own states.
// - A client sends `{ type: 'watch', backend, ids }` for ids of any backend; the handler calls
//   `poller.watch(ids, { onState, onTrouble })`, streams each call as a `state` or `trouble` event, and `end`
//   with the final statuses when `done` resolves (a non-transient error as an `error`); a client that hangs up
//   calls `stop()`, and ids nobody watches any more leave the next poll.
// - `pcluster queue --stats` (and the library's equivalent) asks every Poller's stats().
// - A client that cannot reach the service (it cannot start, another user's machine, a read-only home) makes
//   the same Poller in-process for its backend and watches through it, saying so at debug: the same class and
//   the same pipeline (core/statuses.ts), so the same answer. The client keeps what is about the caller rather
//   than the scheduler: refusing ids of another user's jobs (core/jobrefs.ts), progress lines, --timeout.
import { AsyncLocalStorage } from 'node:async_hooks'
import type { Backend, BackendName } from '../backends/types.js'
import { EndRecords } from '../core/endrecords.js'
import { PclusterError, TransientError } from '../core/errors.js'
import { observeCommands } from '../core/exec.js'
import { recallJobs, type LedgerEntry } from '../core/ledger.js'
import { isFinal, type JobStatus } from '../core/states.js'
import { settledStatuses } from '../core/statuses.js'
import { CallCounts, type CallStats } from './callcounts.js'

/** Time and timers, injected so that tests drive them (no sleeps). */
export interface PollerClock {
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export const systemClock: PollerClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
}

/** The shortest pause between two polls where the backend sets none (its pollFloorMs). */
const DEFAULT_FLOOR_MS = 1000

export interface PollerOptions {
  backend: Backend
  /** The pause right after an add or a change, ms; it grows ×1.5 while nothing changes. */
  fastMs?: number
  /** Never poll more often than this, ms, whatever the adds and ends (default: the backend's pollFloorMs, else 1 s). */
  floorMs?: number
  /** The longest pause, ms ([queue] poll_max). */
  maxMs?: number
  /** How long an add waits for others coming with it before the poll it brings forward, ms. */
  gatherMs?: number
  /** How often to look for end records between polls, ms (a stat each; stretched for many jobs). */
  endTickMs?: number
  /** After this many failed polls in a row, watchers are told of the trouble (never given a state for it). */
  troubleAfter?: number
  /** How long a job pcluster submitted may be absent everywhere before it is `unknown`, ms. */
  absentGraceMs?: number
  /** The same for an id pcluster never submitted, ms. */
  strangerGraceMs?: number
  /** How long a final status is kept to answer a later watch of the same id without a poll, ms. */
  keepFinalMs?: number
  clock?: PollerClock
  /** pcluster's records of ids (default: the user's ledger for the backend). */
  recall?: (ids: readonly string[]) => Promise<Map<string, LedgerEntry>>
}

/** Who watches: told each change of state, and of trouble asking the scheduler. */
export interface Watcher {
  onState?(status: JobStatus): void
  /** The scheduler could not be asked several times in a row; states are unchanged, polling goes on. */
  onTrouble?(message: string): void
}

export interface Watch {
  /** Resolves with every id's final status once all have ended; rejects on a fault that is not passing. */
  done: Promise<Map<string, JobStatus>>
  /** Stops watching (the jobs are left as they are); `done` then never settles. */
  stop(): void
}

export interface PollerStats {
  backend: BackendName
  /** The pause before the next poll, ms (the floor included). */
  intervalMs: number
  floorMs: number
  /** Ids polled for (those not final yet), and how many watches wait on them. */
  watched: number
  watchers: number
  polls: number
  /** Since the last poll began, ms; null before the first. */
  lastPollAgeMs: number | null
  /** Commands run by the polls, by the command's name. */
  calls: Record<string, CallStats>
  errors: { inARow: number; lastHour: number; last?: { message: string; ageMs: number } }
}

interface WatchRecord {
  ids: readonly string[]
  watcher: Watcher
  resolve(statuses: Map<string, JobStatus>): void
  reject(e: unknown): void
  stopped: boolean
}

/** Which poller a command runs for: commands are counted by the poller whose poll ran them. */
const polling = new AsyncLocalStorage<(command: string) => void>()
let observing = false

/** Polls one batch system for many watchers; see the header for how the service hosts it. */
export class Poller {
  readonly backend: Backend
  private readonly clock: PollerClock
  private readonly fastMs: number
  private readonly floorMs: number
  private readonly maxMs: number
  private readonly gatherMs: number
  private readonly troubleAfter: number
  private readonly absentGraceMs: number
  private readonly strangerGraceMs: number
  private readonly keepFinalMs: number
  private readonly recall: (ids: readonly string[]) => Promise<Map<string, LedgerEntry>>
  private readonly open = new Map<string, Set<WatchRecord>>()
  private readonly last = new Map<string, JobStatus>()
  private readonly finals = new Map<string, { status: JobStatus; at: number }>()
  private readonly ledger = new Map<string, LedgerEntry>()
  private readonly absentSince = new Map<string, number>()
  private readonly ends: EndRecords
  private readonly counts = new CallCounts()
  private readonly errorTimes: number[] = []
  private lastError: { message: string; at: number } | undefined
  private intervalMs: number
  private nextPollAt = Infinity
  private lastPollAt: number | undefined
  private failures = 0
  private polls = 0
  private timer: unknown
  private busy: Promise<void> | undefined
  private closed = false

  constructor(opts: PollerOptions) {
    this.backend = opts.backend
    this.clock = opts.clock ?? systemClock
    this.fastMs = opts.fastMs ?? 500
    this.floorMs = opts.floorMs ?? opts.backend.pollFloorMs ?? DEFAULT_FLOOR_MS
    this.maxMs = Math.max(opts.maxMs ?? 30_000, this.floorMs)
    this.gatherMs = opts.gatherMs ?? 50
    this.troubleAfter = opts.troubleAfter ?? 3
    this.absentGraceMs = opts.absentGraceMs ?? 60_000
    this.strangerGraceMs = opts.strangerGraceMs ?? 5_000
    this.keepFinalMs = opts.keepFinalMs ?? 600_000
    this.recall = opts.recall ?? ((ids) => recallJobs(opts.backend, ids))
    this.ends = new EndRecords([], new Map(), opts.endTickMs ?? 500)
    this.intervalMs = this.fastMs
    if (!observing) {
      observing = true
      observeCommands((argv) => polling.getStore()?.(argv[0] ?? ''))
    }
  }

  /** Watches ids until each is final; the first poll for new ids comes soon (not before the floor allows). */
  watch(ids: readonly string[], watcher: Watcher = {}): Watch {
    let rec!: WatchRecord
    const done = new Promise<Map<string, JobStatus>>((resolve, reject) => {
      rec = { ids: [...new Set(ids)], watcher, resolve, reject, stopped: false }
    })
    void this.register(rec).catch((e) => { this.drop(rec); rec.reject(e) })
    return { done, stop: () => this.drop(rec) }
  }

  /** Watches ids and resolves with their final statuses in the order given (the in-process `wait`). */
  async wait(ids: readonly string[], watcher: Watcher = {}): Promise<JobStatus[]> {
    const final = await this.watch(ids, watcher).done
    return ids.map((id) => final.get(id)!)
  }

  /** What `pcluster queue --stats` shows for this system. */
  stats(): PollerStats {
    const now = this.clock.now()
    const hour = this.errorTimes.filter((t) => now - t < 3600_000).length
    return {
      backend: this.backend.name,
      intervalMs: Math.round(Math.max(this.intervalMs, this.floorMs)),
      floorMs: this.floorMs,
      watched: this.open.size,
      watchers: new Set([...this.open.values()].flatMap((s) => [...s])).size,
      polls: this.polls,
      lastPollAgeMs: this.lastPollAt === undefined ? null : now - this.lastPollAt,
      calls: this.counts.stats(now),
      errors: { inARow: this.failures, lastHour: hour,
        ...(this.lastError ? { last: { message: this.lastError.message, ageMs: now - this.lastError.at } } : {}) },
    }
  }

  /** Resolves once no poll or end-record look is under way (tests step the clock, then await this). */
  async idle(): Promise<void> {
    while (this.busy) await this.busy
  }

  /** Stops polling; watches still open are rejected. */
  close(): void {
    this.closed = true
    this.clock.clearTimeout(this.timer)
    const recs = new Set([...this.open.values()].flatMap((s) => [...s]))
    this.open.clear()
    for (const r of recs) r.reject(new PclusterError('POLLER_CLOSED', `the ${this.backend.title} poller was closed while waiting`))
  }

  private async register(rec: WatchRecord): Promise<void> {
    const fresh = rec.ids.filter((id) => !this.ledger.has(id) && !this.finals.has(id))
    if (fresh.length) {
      const known = await this.recall(fresh)
      for (const [id, entry] of known) this.ledger.set(id, entry)
      this.ends.add(fresh, known)
    }
    if (rec.stopped || this.closed) return
    const waiting = rec.ids.filter((id) => !this.finals.has(id))
    for (const id of waiting) {
      if (!this.open.has(id)) this.open.set(id, new Set())
      this.open.get(id)!.add(rec)
    }
    if (!waiting.length) return this.resolveIfDone(rec)
    this.intervalMs = this.fastMs
    this.bringForward(this.gatherMs)
  }

  private drop(rec: WatchRecord): void {
    rec.stopped = true
    for (const id of rec.ids) {
      const recs = this.open.get(id)
      if (!recs) continue
      recs.delete(rec)
      if (!recs.size) this.forget(id)
    }
  }

  private forget(id: string): void {
    this.open.delete(id)
    this.absentSince.delete(id)
    this.ends.forget(id)
  }

  /** The next poll no later than `delayMs` from now, nor earlier than the floor allows. */
  private bringForward(delayMs: number): void {
    const now = this.clock.now()
    const earliest = Math.max(now + delayMs, (this.lastPollAt ?? -Infinity) + this.floorMs)
    if (earliest < this.nextPollAt) this.nextPollAt = earliest
    if (!this.busy) this.schedule()
  }

  private schedule(): void {
    this.clock.clearTimeout(this.timer)
    this.timer = undefined
    if (this.closed || !this.open.size) {
      this.nextPollAt = Infinity
      return
    }
    const now = this.clock.now()
    const looking = this.ends.awaited(new Set(this.open.keys()))
    const at = looking ? Math.min(this.nextPollAt, now + this.ends.tickMs) : this.nextPollAt
    this.timer = this.clock.setTimeout(() => this.run(), Math.max(0, at - now))
  }

  private run(): void {
    this.timer = undefined
    this.busy = this.tick().finally(() => {
      this.busy = undefined
      this.schedule()
    })
  }

  private async tick(): Promise<void> {
    const open = new Set(this.open.keys())
    // a job that wrote its end record has ended: the scheduler is asked as soon as the floor allows, and then
    // soon, until it agrees (Slurm shows a job COMPLETING for a moment); the scheduler's word stays the decider
    if (this.ends.awaited(open) && await this.ends.seen(open)) {
      this.intervalMs = this.fastMs
      const at = Math.max(this.clock.now(), (this.lastPollAt ?? -Infinity) + this.floorMs)
      if (at < this.nextPollAt) this.nextPollAt = at
    }
    if (this.clock.now() >= this.nextPollAt && this.open.size) await this.poll()
  }

  private async poll(): Promise<void> {
    const ids = [...this.open.keys()]
    const started = this.clock.now()
    this.lastPollAt = started
    this.polls++
    let changed = false
    try {
      const known = new Map(ids.flatMap((id) => (this.ledger.has(id) ? [[id, this.ledger.get(id)!] as const] : [])))
      const answer = await polling.run((command) => this.counts.add(command, this.clock.now()), () => settledStatuses(this.backend, ids, known))
      this.failures = 0
      for (const id of ids) {
        const s = answer.get(id)
        if (!s || !this.open.has(id) || !this.heard(id, s)) continue
        const before = this.last.get(id)
        this.last.set(id, s)
        if (before?.state !== s.state || before.rawState !== s.rawState) {
          changed = true
          for (const rec of this.open.get(id)!) rec.watcher.onState?.(s)
        }
        if (isFinal(s.state)) this.finish(id, s)
      }
    } catch (e) {
      if (!(e instanceof TransientError)) return this.fail(ids, e)
      this.failures++
      this.errorTimes.push(started)
      this.lastError = { message: e.message, at: started }
      if (this.failures >= this.troubleAfter) {
        const message = `${e.message} (${this.failures} polls in a row failed; states unchanged)`
        for (const rec of new Set([...this.open.values()].flatMap((s) => [...s]))) rec.watcher.onTrouble?.(message)
      }
    }
    const end = this.clock.now()
    this.prune(end)
    // an end record the scheduler does not show yet keeps the pace fast until it does
    const confirming = [...this.open.keys()].some((id) => this.ends.wrote(id))
    this.intervalMs = changed || confirming ? this.fastMs : Math.min(Math.round(this.intervalMs * 1.5), this.maxMs)
    this.nextPollAt = end + Math.max(this.intervalMs, this.floorMs)
  }

  /**
   * Whether a status counts: neither the scheduler nor the job having a word yet may be accounting lagging
   * behind the queue, so such a job stays as it was until the grace period ends, then it is `unknown`.
   */
  private heard(id: string, s: JobStatus): boolean {
    if (s.state !== 'unknown' || s.rawState !== '') {
      this.absentSince.delete(id)
      return true
    }
    const now = this.clock.now()
    const since = this.absentSince.get(id) ?? now
    this.absentSince.set(id, since)
    const mine = this.ledger.has(id)
    if (now - since < (mine ? this.absentGraceMs : this.strangerGraceMs)) return false
    if (!mine && !s.reason) s.reason = `${this.backend.title} has no record of a job ${id}, and pcluster did not submit one`
    return true
  }

  private finish(id: string, s: JobStatus): void {
    const recs = this.open.get(id)!
    this.finals.set(id, { status: s, at: this.clock.now() })
    this.forget(id)
    for (const rec of recs) this.resolveIfDone(rec)
  }

  private resolveIfDone(rec: WatchRecord): void {
    if (rec.stopped || !rec.ids.every((id) => this.finals.has(id))) return
    rec.resolve(new Map(rec.ids.map((id) => [id, this.finals.get(id)!.status])))
  }

  /** A fault that is not passing (Slurm with no configuration): every watch of those ids is told, none hangs. */
  private fail(ids: readonly string[], e: unknown): void {
    const recs = new Set(ids.flatMap((id) => [...(this.open.get(id) ?? [])]))
    for (const rec of recs) {
      this.drop(rec)
      rec.reject(e)
    }
  }

  private prune(now: number): void {
    for (const [id, f] of this.finals) if (now - f.at > this.keepFinalMs) this.finals.delete(id)
    for (const [id] of this.last) if (!this.open.has(id)) this.last.delete(id)
    for (const [id] of this.ledger) if (!this.open.has(id) && !this.finals.has(id)) this.ledger.delete(id)
    while (this.errorTimes.length && now - this.errorTimes[0]! > 3600_000) this.errorTimes.shift()
    this.counts.prune(now)
  }
}
