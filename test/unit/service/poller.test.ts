// The shared poller driven by a fake clock and an in-memory Backend: one status call per interval for every
// watcher, an interval that adapts within its floor, end records seen between polls, faults that never give
// a wrong state, and the call counts `queue --stats` shows. No sleeps: the test steps the clock.
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { DIRECTIVES } from '../../../src/backends/slurm/directives.js'
import { info as slurmInfo } from '../../../src/backends/slurm/info.js'
import type { Backend } from '../../../src/backends/types.js'
import { SchedulerError, TransientError } from '../../../src/core/errors.js'
import { runCommand } from '../../../src/core/exec.js'
import type { LedgerEntry } from '../../../src/core/ledger.js'
import { blankStatus } from '../../../src/core/outcome.js'
import type { JobState, JobStatus } from '../../../src/core/states.js'
import { Poller, type PollerClock, type PollerOptions } from '../../../src/service/poller.js'
import { ids as slurmIds } from '../../../src/backends/slurm/ids.js'
import { testEnv } from '../../helpers.js'

const st = (id: string, state: JobState, exitCode: number | null = null): JobStatus =>
  ({ ...blankStatus(id, state), rawState: state.toUpperCase(), exitCode })

type Answer = Map<string, JobStatus> | Error

/** A clock whose timers fire only when the test steps it. */
class FakeClock implements PollerClock {
  t = 1_000_000
  private seq = 0
  private readonly timers = new Map<number, { at: number; fn: () => void }>()
  now = () => this.t
  setTimeout = (fn: () => void, ms: number) => {
    this.timers.set(++this.seq, { at: this.t + ms, fn })
    return this.seq
  }
  clearTimeout = (h: unknown) => { this.timers.delete(h as number) }

  /** Moves time on by ms, firing each timer due on the way and letting the poll it starts finish. */
  async advance(ms: number, poller: Poller): Promise<void> {
    const target = this.t + ms
    for (;;) {
      await settle()
      await poller.idle()
      const next = [...this.timers].sort((a, b) => a[1].at - b[1].at)[0]
      if (!next || next[1].at > target) break
      this.timers.delete(next[0])
      this.t = Math.max(this.t, next[1].at)
      next[1].fn()
    }
    this.t = target
  }
}

/** Lets pending promise callbacks and a file stat or two run. */
const settle = () => new Promise((r) => setImmediate(r))

/** A Backend whose status answers from `answer(pollNumber, ids)`; each call's time and ids are kept. */
function fakeBackend(clock: FakeClock, answer: (poll: number, ids: readonly string[]) => Answer) {
  const calls: { at: number; ids: string[] }[] = []
  const backend: Backend = {
    ...slurmInfo, directives: DIRECTIVES, scriptExtension: 'sbatch', ids: { ...slurmIds, parse: (t) => t },
    detect: async () => true, renderScript: () => '', submitArgv: () => [],
    submit: async () => '1', queue: async () => [], activeCount: async () => 0, cancel: async () => ({ unknown: [], ended: [] }),
    async status(ids) {
      calls.push({ at: clock.now(), ids: [...ids] })
      const a = answer(calls.length, ids)
      if (a instanceof Error) throw a
      return a
    },
  }
  return { backend, calls }
}

const entry = (id: string, end: string): LedgerEntry => ({
  backend: 'slurm', id, name: `job${id}`, script: '', out: '', err: '', end, dir: '', cwd: '', depends: [],
  submittedAt: new Date().toISOString(),
})

function poller(clock: FakeClock, backend: Backend, opts: Partial<PollerOptions> = {}, ledger = new Map<string, LedgerEntry>()) {
  return new Poller({ backend, clock, floorMs: 2000, fastMs: 500, maxMs: 30_000, recall: async (ids) =>
    new Map(ids.flatMap((id) => (ledger.has(id) ? [[id, ledger.get(id)!] as const] : []))), ...opts })
}

const all = (ids: readonly string[], state: JobState, exitCode: number | null = null) =>
  new Map(ids.map((id) => [id, st(id, state, exitCode)]))

describe('Poller', () => {
  it('answers 20 watchers on 5 jobs with one status call per poll, each its right final state', async () => {
    const clock = new FakeClock()
    const jobs = ['1', '2', '3', '4', '5']
    // jobs run for the first 3 polls; then 1..4 complete and 5 fails
    const { backend, calls } = fakeBackend(clock, (poll, ids) =>
      new Map(ids.map((id) => [id, poll <= 3 ? st(id, 'running') : id === '5' ? st(id, 'failed', 2) : st(id, 'completed', 0)])))
    const p = poller(clock, backend)
    const waits = Array.from({ length: 20 }, (_, i) => p.wait([jobs[i % 5]!, jobs[(i + 1) % 5]!]))
    await clock.advance(60_000, p)
    const results = await Promise.all(waits)
    for (const r of results) for (const s of r) assert.equal(s.state, s.id === '5' ? 'failed' : 'completed')
    assert.equal(calls.length, 4, 'one call per poll for all 20 watchers')
    assert.deepEqual(calls[0]!.ids.sort(), jobs, 'every watched id asked in the one call')
    assert.equal(p.stats().watched, 0)
  })

  it('polls fast after an add, backs off ×1.5 while nothing changes up to poll_max, never below the floor', async () => {
    const clock = new FakeClock()
    const { backend, calls } = fakeBackend(clock, (_poll, ids) => all(ids, 'running'))
    const p = poller(clock, backend, { floorMs: 2000, fastMs: 500, maxMs: 10_000 })
    const t0 = clock.t
    void p.wait(['7'])
    await clock.advance(60_000, p)
    const gaps = calls.slice(1).map((c, i) => c.at - calls[i]!.at)
    assert.equal(calls[0]!.at - t0, 50, 'the first poll comes right after the add')
    // the first answer is a change (500 ms); 750, 1125, 1688 are under the floor; then 2532, 3798, ... 10 s at most
    assert.deepEqual(gaps.slice(0, 9), [2000, 2000, 2000, 2000, 2532, 3798, 5697, 8546, 10_000])
    assert.ok(gaps.every((g) => g >= 2000 && g <= 10_000), `gaps ${gaps}`)
    assert.equal(p.stats().intervalMs, 10_000)
  })

  it('a change brings the pace back to fast (at the floor), adds never poll more often than the floor', async () => {
    const clock = new FakeClock()
    let state: JobState = 'pending'
    const { backend, calls } = fakeBackend(clock, (_poll, ids) => all(ids, state))
    const p = poller(clock, backend, { maxMs: 30_000 })
    void p.wait(['1'])
    await clock.advance(40_000, p)
    const before = calls.length
    state = 'running'
    await clock.advance(30_000, p) // the next backed-off poll sees the change
    assert.ok(calls[before - 1]!.at - calls[before - 2]!.at > 5000, 'backed off before the change')
    assert.equal(calls[before + 1]!.at - calls[before]!.at, 2000, 'after a change the next poll comes at the floor')
    // ten adds within a second cost no more polls than the floor allows
    const n = calls.length
    for (let i = 0; i < 10; i++) {
      void p.wait([String(100 + i)])
      await clock.advance(100, p)
    }
    await clock.advance(3000, p)
    const gaps = calls.slice(n - 1).map((c, i, a) => (i ? c.at - a[i - 1]!.at : 2000))
    assert.ok(gaps.every((g) => g >= 2000), `gaps ${gaps}`)
  })

  it('sees an end record between polls and asks the scheduler then, not at the backed-off interval', async () => {
    const clock = new FakeClock()
    const t = testEnv()
    const end = join(t.dir, 'job.end')
    let ended = false
    const { backend, calls } = fakeBackend(clock, (_poll, ids) => all(ids, ended ? 'completed' : 'running', ended ? 0 : null))
    const p = poller(clock, backend, {}, new Map([['9', entry('9', end)]]))
    const done = p.wait(['9'])
    await clock.advance(120_000, p) // the pause has grown to poll_max
    assert.equal(p.stats().intervalMs, 30_000)
    const n = calls.length
    ended = true
    writeFileSync(end, 'exit_code=0\nstart=1\nend=2\n')
    const wrote = clock.t
    await clock.advance(3000, p)
    assert.equal(calls.length, n + 1, 'one poll, brought forward by the end record')
    // as soon as the floor allows after the last poll, within a tick (500 ms) of the file appearing
    const allowed = Math.max(wrote, calls[n - 1]!.at + 2000)
    assert.ok(calls.at(-1)!.at - allowed <= 500, `within an end-record tick: ${calls.at(-1)!.at - allowed} ms`)
    assert.equal((await done)[0]!.state, 'completed')
  })

  it('keeps polling at the fast pace while the scheduler has not caught up with an end record', async () => {
    const clock = new FakeClock()
    const t = testEnv()
    const end = join(t.dir, 'job.end')
    let completing = 0
    const { backend, calls } = fakeBackend(clock, (_poll, ids) => {
      if (!completing) return all(ids, 'running')
      return completing++ < 3 ? all(ids, 'completing') : all(ids, 'completed', 0)
    })
    const p = poller(clock, backend, {}, new Map([['9', entry('9', end)]]))
    const done = p.wait(['9'])
    await clock.advance(100_000, p)
    writeFileSync(end, 'exit_code=0\nstart=1\nend=2\n')
    completing = 1
    const n = calls.length
    await clock.advance(10_000, p)
    const gaps = calls.slice(n).map((c, i) => c.at - calls[n + i - 1]!.at)
    assert.equal((await done)[0]!.state, 'completed')
    assert.deepEqual(gaps.slice(1), [2000, 2000], 'at the floor until the scheduler agrees')
  })

  it('a passing failure changes no state and backs off; after 3 in a row watchers hear of trouble, never an end', async () => {
    const clock = new FakeClock()
    let failing = false
    const { backend, calls } = fakeBackend(clock, (poll, ids) =>
      failing ? new TransientError('squeue exited 1: Socket timed out', { argv: ['squeue'] }) : all(ids, poll < 3 ? 'running' : 'completed', 0))
    const p = poller(clock, backend, { troubleAfter: 3 })
    const states: JobState[] = []
    const trouble: string[] = []
    let finished = false
    const w = p.watch(['4'], { onState: (s) => states.push(s.state), onTrouble: (m) => trouble.push(m) })
    void w.done.then(() => { finished = true })
    await clock.advance(1000, p)
    failing = true
    const n = calls.length
    await clock.advance(40_000, p)
    const fails = calls.length - n
    assert.ok(fails >= 3, `${fails} failed polls`)
    const gaps = calls.slice(n).map((c, i) => c.at - calls[n + i - 1]!.at)
    assert.ok(gaps.slice(1).every((g, i) => g >= gaps[i]!), `backing off: ${gaps}`)
    assert.deepEqual(states, ['running'], 'no state from a failed poll')
    assert.ok(trouble.length >= 1 && trouble.length === fails - 2, `told from the 3rd failure on: ${trouble.length} of ${fails}`)
    assert.match(trouble[0]!, /Socket timed out \(3 polls in a row failed; states unchanged\)/)
    assert.equal(finished, false)
    assert.equal(p.stats().errors.inARow, fails)
    failing = false
    await clock.advance(60_000, p)
    assert.equal((await w.done).get('4')!.state, 'completed')
    assert.equal(p.stats().errors.inARow, 0)
  })

  it('the scheduler failing one call in three: every job its right end, no trouble said, no state from a failure', async () => {
    const clock = new FakeClock()
    const { backend, calls } = fakeBackend(clock, (poll, ids) => {
      if (poll % 3 === 0) return new TransientError('squeue exited 1: Socket timed out', { argv: ['squeue'] })
      return new Map(ids.map((id) => [id, poll < 10 ? st(id, 'running') : id === '2' ? st(id, 'timeout') : st(id, 'completed', 0)]))
    })
    const p = poller(clock, backend)
    const trouble: string[] = []
    const seen: JobState[] = []
    const waits = Array.from({ length: 6 }, (_, i) => p.wait([String(1 + (i % 3))], { onTrouble: (m) => trouble.push(m), onState: (s) => seen.push(s.state) }))
    await clock.advance(300_000, p)
    const results = (await Promise.all(waits)).flat()
    assert.deepEqual(results.map((s) => s.state), ['completed', 'timeout', 'completed', 'completed', 'timeout', 'completed'])
    assert.deepEqual(trouble, [])
    assert.deepEqual([...new Set(seen)].sort(), ['completed', 'running', 'timeout'])
    assert.equal(calls.length, 10)
    assert.equal(p.stats().errors.lastHour, 3)
  })

  it('a lasting fault rejects every watch of the ids asked, none hangs', async () => {
    const clock = new FakeClock()
    const { backend } = fakeBackend(clock, () => new SchedulerError('SLURM_NOT_CONFIGURED', 'no configuration', { argv: ['squeue'], stderr: '' }))
    const p = poller(clock, backend)
    const a = assert.rejects(p.wait(['1']), /no configuration/)
    const b = assert.rejects(p.wait(['1', '2']), /no configuration/)
    await clock.advance(5000, p)
    await a
    await b
    assert.equal(p.stats().watched, 0)
  })

  it('an id absent everywhere is `unknown` only after the grace period, and named as a stranger', async () => {
    const clock = new FakeClock()
    const { backend } = fakeBackend(clock, () => new Map())
    const p = poller(clock, backend, { strangerGraceMs: 5000 })
    const seen: JobStatus[] = []
    const w = p.watch(['77'], { onState: (s) => seen.push(s) })
    await clock.advance(4000, p)
    assert.equal(seen.length, 0, 'no state during the grace period')
    await clock.advance(10_000, p)
    const s = (await w.done).get('77')!
    assert.equal(s.state, 'unknown')
    assert.match(s.reason, /Slurm has no record of a job 77, and pcluster did not submit one/)
  })

  it('stop() takes a watch out: ids nobody watches leave the next poll', async () => {
    const clock = new FakeClock()
    const { backend, calls } = fakeBackend(clock, (_p, ids) => all(ids, 'running'))
    const p = poller(clock, backend)
    const a = p.watch(['1', '2'])
    p.watch(['2'])
    await clock.advance(1000, p)
    a.stop()
    await clock.advance(60_000, p)
    assert.deepEqual(calls.at(-1)!.ids, ['2'])
    assert.deepEqual({ watched: p.stats().watched, watchers: p.stats().watchers }, { watched: 1, watchers: 1 })
  })

  it('a later watch of a job already seen final is answered without a poll', async () => {
    const clock = new FakeClock()
    const { backend, calls } = fakeBackend(clock, (_p, ids) => all(ids, 'completed', 0))
    const p = poller(clock, backend)
    const first = p.wait(['3'])
    await clock.advance(1000, p)
    await first
    const n = calls.length
    const again = p.wait(['3'])
    await clock.advance(10_000, p)
    assert.equal((await again)[0]!.state, 'completed')
    assert.equal(calls.length, n)
  })

  it('stats(): calls per command in the last minute and hour, interval, watched ids, last poll age, errors', async () => {
    const clock = new FakeClock()
    let poll = 0
    const backend = fakeBackend(clock, () => new Map()).backend
    backend.status = async (ids) => {
      // the commands a status call runs are counted by name (not found here: nothing starts, the run is traced)
      await runCommand(['pcluster-test-squeue'])
      if (++poll % 2 === 0) await runCommand(['pcluster-test-sacct'])
      if (poll === 3) throw new TransientError('pcluster-test-squeue exited 1', { argv: ['pcluster-test-squeue'] })
      return all(ids, 'running')
    }
    const p = poller(clock, backend)
    const closed = assert.rejects(p.wait(['1', '2']), /poller was closed while waiting/)
    await clock.advance(8000, p) // polls at 0.05, 2.05, 4.05, 6.05 s
    const s = p.stats()
    assert.equal(s.polls, 4)
    assert.deepEqual(s.calls, { 'pcluster-test-squeue': { lastMinute: 4, lastHour: 4 }, 'pcluster-test-sacct': { lastMinute: 2, lastHour: 2 } })
    assert.equal(s.watched, 2)
    assert.equal(s.watchers, 1)
    assert.equal(s.floorMs, 2000)
    assert.equal(s.lastPollAgeMs, 8000 - 6050)
    assert.equal(s.errors.inARow, 0)
    assert.equal(s.errors.lastHour, 1)
    assert.match(s.errors.last!.message, /exited 1/)
    await clock.advance(90_000, p)
    const later = p.stats().calls['pcluster-test-squeue']!
    assert.ok(later.lastMinute < later.lastHour, 'the minute forgets what the hour keeps')
    p.close()
    await closed
  })
})
