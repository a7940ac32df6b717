// The one owner of local jobs' state: turns what happens (a submit, a process start or exit, a cancel, a time
// limit, memory over its --mem, a failed dependency, a pid gone) into typed events, applies their transitions to the store in one
// transaction, sends the signals they call for, and tells the watchers.
import { dependencyIds } from '../core/dependencies.js'
import type { ChildProcess } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { constants as osConstants } from 'node:os'
import { parseEndRecord, type EndRecord } from '../core/jobscript.js'
import { isFinal } from '../core/states.js'
import type { LocalJobSpec } from './protocol.js'
import { beginReasons, nextBegin, neverRunnable, startPlan, tooBig, type Capacity } from './runner/scheduler.js'
import { nextSampleAt, sampleGroups } from './runner/memory.js'
import { dropCopy, keepCopy } from './runner/script-copies.js'
import type { LocalJob, Store } from './store.js'
import { groupRuns, leaderRuns, letRun, neverLetRun, processStart, signalGroup, spawnJob, unstartedMarker } from './runner/supervisor.js'
import { crashPoint } from './test-hooks.js'
import { dueEvent, memoryEvent, transition, type JobEvent } from './runner/transitions.js'

export interface LoopSettings {
  capacity: Capacity
  /** The daemon's own folder, where it keeps the copies of submit-file scripts. */
  stateDir?: string
  /** How long a stopped job has between SIGTERM and SIGKILL. */
  stopGraceMs: number
  /** How long an ended job is kept ([local] keep_days); undefined: forever. */
  keepMs?: number
}

/** How often the tick looks for ended jobs past keep_days (each look removes at most PRUNE_BATCH). */
const PRUNE_EVERY_MS = 60_000
const PRUNE_BATCH = 1000

/** What a cancel did to each id asked for. */
export interface CancelResult {
  cancelled: string[]
  unknown: string[]
  ended: string[]
}

/** Read at once, not awaited: an event is applied to the job as it is, with no other change in between. */
function endRecord(job: LocalJob): EndRecord | undefined {
  try {
    return parseEndRecord(readFileSync(job.end, 'utf8'))
  } catch {
    return undefined
  }
}

const LIVE = ['pending', 'running', 'completing'] as const
/** The jobs whose state can change with no event: their processes end, run past their time or memory. */
const ACTIVE = ['running', 'completing'] as const

export class Loop {
  private readonly children = new Map<string, ChildProcess>()
  private prunedAt = -Infinity
  private memorySampleDue = 0
  private halted = false
  /** When the earliest --begin of a pending job comes (set by each scheduling pass): the tick schedules then. */
  private nextBeginMs = Infinity

  constructor(private readonly store: Store, private readonly settings: LoopSettings,
    private readonly changed: (ids: readonly string[]) => void) {}

  /** Applies each event to its job, in one transaction; returns the ids it applied to. */
  apply(events: readonly { id: string; event: JobEvent }[]): string[] {
    const now = new Date().toISOString()
    const done: { job: LocalJob; set: NonNullable<ReturnType<typeof transition>> }[] = []
    for (const { id, event } of events) {
      const job = this.store.get(id)
      const t = job && transition(job, event, now)
      if (t) done.push({ job: job!, set: t })
    }
    this.store.update(done.map(({ job, set }) => ({ id: job.id, set: set.set })))
    for (const { job, set } of done) {
      if (set.signal) signalGroup(job, set.signal)
      if (set.set.state && isFinal(set.set.state) && this.settings.stateDir) dropCopy(this.settings.stateDir, job.script)
      if (set.set.state === 'pending') rmSync(unstartedMarker(job), { force: true }) // back in the queue: said
    }
    this.changed(done.filter(({ set }) => Object.keys(set.set).length).map(({ job }) => job.id))
    return done.map(({ job }) => job.id)
  }

  /**
   * Commits a new job (before the submitter hears its id), then looks for room to start it. A submit-file
   * script's text is kept as the daemon's own copy, which the job runs.
   */
  submit(spec: LocalJobSpec, user: string): LocalJob {
    const { scriptText, ...rest } = spec
    const dir = this.settings.stateDir
    const place = scriptText !== undefined && dir ? (id: string) => keepCopy(dir, id, scriptText) : undefined
    const job = this.store.insertLocal(rest, user, place)
    setImmediate(() => this.schedule()) // answer first: starting the job is not the submitter's wait
    return job
  }

  /** Lets held jobs start: answers the ids it knows (held or not, as scontrol release) and those it does not. */
  release(ids: readonly string[]): { released: string[]; unknown: string[] } {
    const known = ids.filter((id) => this.store.get(id))
    this.apply(known.map((id) => ({ id, event: { type: 'released' } })))
    this.schedule()
    return { released: known, unknown: ids.filter((id) => !known.includes(id)) }
  }

  cancel(ids: readonly string[]): CancelResult {
    const known = ids.filter((id) => this.store.get(id))
    const cancelled = new Set(this.apply(known.map((id) => ({ id, event: { type: 'cancelRequested' } }))))
    this.schedule()
    return { cancelled: [...cancelled], unknown: ids.filter((id) => !known.includes(id)), ended: known.filter((id) => !cancelled.has(id)) }
  }

  /** At start: jobs that a previous daemon left running, whose processes ended while no daemon watched. */
  adopt(): void {
    this.tick(Date.now())
    this.schedule()
  }

  /**
   * Notices ends nobody reports (adopted jobs), time limits, grace periods and memory over --mem, and schedules
   * when a begin time has come; returns whether any job is live. It reads only the jobs that can change without
   * an event (running and completing ones): a held or blocked pending job costs nothing here, since only a
   * submit, an end, a release, a cancel or a begin time coming can let it start, and each of those schedules.
   */
  tick(nowMs: number): boolean {
    const active = this.store.list(ACTIVE)
    const events: { id: string; event: JobEvent }[] = []
    for (const job of active) {
      // our children's ends come from their exit event; others' from their processes being gone
      if (job.state === 'running' && !this.children.has(job.id) && !leaderRuns(job))
        events.push({ id: job.id, event: neverLetRun(job) ? { type: 'unstarted' } : { type: 'vanished', record: endRecord(job), groupRuns: groupRuns(job) } })
      else if (job.state === 'completing' && !groupRuns(job)) events.push({ id: job.id, event: { type: 'drained', record: endRecord(job) } })
      else {
        const due = dueEvent(job, nowMs, this.settings.stopGraceMs)
        if (due) events.push({ id: job.id, event: due })
      }
    }
    events.push(...this.sampleMemory(active, new Set(events.map((e) => e.id)), nowMs))
    if ((events.length && this.apply(events).length) || nowMs >= this.nextBeginMs) this.schedule(nowMs)
    this.prune(nowMs)
    return active.length > 0 || this.store.anyIn(LIVE)
  }

  /**
   * Forgets ended jobs older than keep_days, a batch at a time between ticks, so that no request waits on it;
   * a full batch means more are due, and the next tick takes them.
   */
  private prune(nowMs: number): void {
    const keep = this.settings.keepMs
    if (keep === undefined || nowMs - this.prunedAt < PRUNE_EVERY_MS) return
    const gone = this.store.prune(new Date(nowMs - keep), PRUNE_BATCH)
    this.prunedAt = gone.length === PRUNE_BATCH ? -Infinity : nowMs
  }

  /**
   * Samples the resident memory of the running jobs that asked for some (none: no walk of /proc at all),
   * records each one's peak, and answers a stop for those over their --mem. Sampled once a tick, as Slurm's
   * jobacct_gather polls: a spike between two samples goes unseen. On a machine of very many processes, less
   * often (nextSampleAt).
   */
  private sampleMemory(live: readonly LocalJob[], ending: ReadonlySet<string>, nowMs: number): { id: string; event: JobEvent }[] {
    const limited = live.filter((j) => j.state === 'running' && j.mem && j.pid && !ending.has(j.id))
    if (!limited.length || nowMs < this.memorySampleDue) return []
    const t0 = performance.now()
    const used = sampleGroups(limited.map((j) => ({ id: j.id, pid: j.pid!, pidStart: j.pidStart })))
    this.memorySampleDue = nextSampleAt(nowMs, performance.now() - t0)
    const peaks: { id: string; set: { maxRss: number } }[] = []
    const events: { id: string; event: JobEvent }[] = []
    for (const job of limited) {
      const kb = used.get(job.id)
      if (kb === undefined) continue // none of its processes seen: its end is the exit's or the tick's to notice
      const mb = Math.ceil(kb / 1024)
      if (mb > (job.maxRss ?? 0)) peaks.push({ id: job.id, set: { maxRss: mb } })
      const over = memoryEvent(job, kb)
      if (over) events.push({ id: job.id, event: over })
    }
    this.store.update(peaks) // a measurement, not a change of state: nobody waiting is told
    return events
  }

  /** From now on no job starts: the daemon is leaving (`local stop`), and a job started now would be behind the stop. */
  halt(): void {
    this.halted = true
  }

  /**
   * Applies the scheduler's decisions: waiting reasons, never-runnable jobs end, jobs that fit start. It reads
   * every live job, so it runs only when something changed (see tick).
   */
  schedule(nowMs = Date.now()): void {
    if (this.halted) return
    const cap = this.settings.capacity
    let jobs = this.store.list(LIVE)
    const dependencies = () => this.store.states(dependencyIds(jobs.flatMap((j) => j.depends)))
    this.apply([
      ...beginReasons(jobs, nowMs).map(({ id, reason }) => ({ id, event: { type: 'waiting', reason } as const })),
      ...tooBig(jobs, cap).map(({ id, reason }) => ({ id, event: { type: 'waiting', reason } as const })),
      ...neverRunnable(jobs, dependencies()).map(({ id, blockedBy, reason }) => ({ id, event: { type: 'dependencyFailed', blockedBy, reason } as const })),
    ])
    jobs = this.store.list(LIVE)
    this.nextBeginMs = nextBegin(jobs, nowMs)
    for (const { id, gpuIds } of startPlan(jobs, dependencies(), cap, nowMs)) this.launch({ ...this.store.get(id)!, gpuIds })
  }

  /**
   * The GPUs a job sees: those it was given; none when it asked for none and the daemon owns some, so that it
   * cannot take a device handed to another job (as Slurm's device cgroup hides them). A daemon without GPUs
   * leaves the job's environment as it was.
   */
  private gpuEnv(job: LocalJob): Record<string, string> {
    if (!this.settings.capacity.gpus?.length) return {}
    const ids = job.gpuIds.join(',')
    return { CUDA_VISIBLE_DEVICES: ids, PCLUSTER_GPUS: ids }
  }

  private launch(job: LocalJob): void {
    let child: ChildProcess & { pid: number }
    try {
      child = spawnJob(job, this.gpuEnv(job))
    } catch (e) {
      this.apply([{ id: job.id, event: { type: 'launchFailed', why: (e as Error).message } }])
      return
    }
    crashPoint('spawned')
    this.children.set(job.id, child)
    child.on('exit', (code, sig) => this.exited(job.id, code, sig))
    // recorded before it runs: a daemon killed in between leaves a process that never runs the job (letRun)
    this.apply([{ id: job.id, event: { type: 'started', pid: child.pid, pidStart: processStart(child.pid) ?? null, gpuIds: job.gpuIds } }])
    crashPoint('recorded')
    letRun(child)
  }

  private exited(id: string, code: number | null, sig: NodeJS.Signals | null): void {
    this.children.delete(id)
    const job = this.store.get(id)
    if (!job) return
    const exit = { code, signal: sig ? osConstants.signals[sig] ?? null : null }
    this.apply([{ id, event: { type: 'exited', exit, record: endRecord(job), groupRuns: groupRuns(job) } }])
    this.schedule()
  }
}
