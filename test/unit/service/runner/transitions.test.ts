// The one owner of a local job's transitions, pure: typed events in, the change and the signal out, every
// end decided by mergeOutcome with the daemon's own word.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { dueEvent, memoryEvent, transition, type JobEvent } from '../../../../src/service/runner/transitions.js'
import type { LocalJob } from '../../../../src/service/store.js'
import { toStatus } from '../../../../src/service/view.js'
import { job } from '../jobs.js'

const NOW = '2026-01-01T00:00:10.000Z'
const record = (exitCode: number) => ({ exitCode, startedAt: '2026-01-01T00:00:00.000Z', endedAt: '2026-01-01T00:00:05.000Z' })
const running = (over: Partial<LocalJob> = {}) => job({ state: 'running', rawState: 'RUNNING', pid: 123, startedAt: '2026-01-01T00:00:00.000Z', ...over })
const exited = (code: number | null, signal: number | null, rec?: ReturnType<typeof record>, groupRuns = false): JobEvent =>
  ({ type: 'exited', exit: { code, signal }, record: rec, groupRuns })
/** Applies a transition to the job, as the store would. */
const after = (j: LocalJob, e: JobEvent) => ({ ...j, ...transition(j, e, NOW)!.set })

describe('transition: a job that runs to its end', () => {
  it('starts, then its own end record decides completed or failed', () => {
    const started = after(job(), { type: 'started', pid: 42, pidStart: '99' })
    assert.deepEqual([started.state, started.rawState, started.pid, started.startedAt], ['running', 'RUNNING', 42, NOW])
    const ok = after(started, exited(0, null, record(0)))
    assert.deepEqual([ok.state, ok.exitCode, ok.endedAt], ['completed', 0, NOW])
    const bad = after(started, exited(5, null, record(5)))
    assert.deepEqual([bad.state, bad.rawState, bad.exitCode], ['failed', 'FAILED', 5])
  })
  it('a leader killed by a signal with no end record failed, saying so', () => {
    const killed = after(running(), exited(null, 9))
    assert.deepEqual([killed.state, killed.exitCode, killed.signal, killed.reason], ['failed', null, 9, 'killed by signal 9'])
  })
  it('an adopted job whose process vanished ends by its end record, at the time the record gives', () => {
    const ended = after(running(), { type: 'vanished', record: record(3), groupRuns: false })
    assert.deepEqual([ended.state, ended.exitCode, ended.endedAt], ['failed', 3, '2026-01-01T00:00:05.000Z'])
    const lost = after(running(), { type: 'vanished', record: undefined, groupRuns: false })
    assert.deepEqual([lost.state, lost.reason, lost.endedAt], ['unknown', 'its process ended without writing an end record', NOW])
  })
  it('a job that could not start failed, with why', () => {
    const j = after(job(), { type: 'launchFailed', why: 'its folder /x is gone' })
    assert.deepEqual([j.state, j.reason], ['failed', 'could not start: its folder /x is gone'])
  })
})

describe('transition: stops the daemon asked for', () => {
  it('a cancelled pending job ends cancelled at once; a running one gets SIGTERM and its cause stored', () => {
    const p = after(job(), { type: 'cancelRequested' })
    assert.deepEqual([p.state, p.rawState, p.stopCause], ['cancelled', 'CANCELLED', 'cancel'])
    const t = transition(running(), { type: 'cancelRequested' }, NOW)!
    assert.deepEqual(t, { set: { reason: 'cancelled by the user', stopCause: 'cancel', stopRequestedAt: NOW }, signal: 'SIGTERM' })
  })
  it('the stored cause decides, not the words of the reason; it wins over an exit 0', () => {
    const c = after(running({ stopCause: 'cancel', reason: 'ran past its time limit of 1 s' }), exited(0, null, record(0)))
    assert.deepEqual([c.state, c.exitCode], ['cancelled', 0])
    const t = after(running({ stopCause: 'timeout', reason: 'cancelled by somebody' }), exited(null, 15))
    assert.deepEqual([t.state, t.signal], ['timeout', 15])
  })
  it('a stopped job whose processes outlive its leader is completing until they are gone or killed', () => {
    const stopped = after(running({ time: 1 }), { type: 'timedOut' })
    const completing = after(stopped, exited(null, 15, undefined, true))
    assert.deepEqual([completing.state, completing.signal], ['completing', 15])
    assert.deepEqual(transition(completing, { type: 'graceExpired' }, NOW), { set: {}, signal: 'SIGKILL' })
    const gone = after(completing, { type: 'drained', record: undefined })
    assert.deepEqual([gone.state, gone.reason, gone.signal], ['timeout', 'ran past its time limit of 1 s', 15])
  })
  it('a job already ending cannot be cancelled; one being stopped for its time limit stays a timeout', () => {
    for (const state of ['completed', 'failed', 'cancelled', 'dependency_never_satisfied'] as const)
      assert.equal(transition(job({ state }), { type: 'cancelRequested' }, NOW), undefined)
    assert.deepEqual(transition(running({ stopCause: 'timeout' }), { type: 'cancelRequested' }, NOW), { set: {} })
  })
})

describe('transition: dependencies', () => {
  it('a pending job whose dependency failed will never run, naming it', () => {
    const j = after(job({ depends: ['7'] }), { type: 'dependencyFailed', blockedBy: '7', reason: 'job 7 ended failed' })
    assert.deepEqual([j.state, j.blockedBy, j.reason, j.endedAt], ['dependency_never_satisfied', '7', 'job 7 ended failed', NOW])
  })
})

describe('dueEvent', () => {
  const t0 = Date.parse('2026-01-01T00:00:00.000Z')
  it('a running job past its time limit is due a stop; a stopped one its SIGKILL after the grace period', () => {
    const j = running({ time: 60 })
    assert.equal(dueEvent(j, t0 + 59_000, 10_000), undefined)
    assert.deepEqual(dueEvent(j, t0 + 61_000, 10_000), { type: 'timedOut' })
    const stopped = running({ time: 60, stopCause: 'timeout', stopRequestedAt: new Date(t0 + 61_000).toISOString() })
    assert.equal(dueEvent(stopped, t0 + 70_000, 10_000), undefined)
    assert.deepEqual(dueEvent(stopped, t0 + 72_000, 10_000), { type: 'graceExpired' })
  })
})

describe('memory over --mem', () => {
  const MB = 1024 // kB
  it('a running job over its --mem is due a stop saying what it used; at or under it, or with no limit, nothing', () => {
    const j = running({ mem: 100 })
    assert.equal(memoryEvent(j, 100 * MB), undefined)
    assert.deepEqual(memoryEvent(j, 100 * MB + 1), { type: 'overMemory', usedMb: 101 })
    for (const mem of [null, 0]) assert.equal(memoryEvent(running({ mem }), 10_000 * MB), undefined)
    assert.equal(memoryEvent(running({ mem: 100, stopCause: 'cancel' }), 600 * MB), undefined) // already being stopped
    assert.equal(memoryEvent(job({ mem: 100 }), 600 * MB), undefined) // pending: nothing of it runs
  })
  it('the stop is SIGTERM with its cause stored as data, then SIGKILL after the grace period', () => {
    const t = transition(running({ mem: 100 }), { type: 'overMemory', usedMb: 612 }, NOW)!
    assert.deepEqual(t, {
      set: { reason: 'used 612 MB of memory, more than its --mem of 100 MB', stopCause: 'memory', stopRequestedAt: NOW },
      signal: 'SIGTERM' })
    const stopped = running({ mem: 100, ...t.set })
    assert.deepEqual(transition(stopped, { type: 'graceExpired' }, NOW), { set: {}, signal: 'SIGKILL' })
    assert.equal(transition(stopped, { type: 'timedOut' }, NOW), undefined)
    assert.deepEqual(transition(stopped, { type: 'cancelRequested' }, NOW), { set: {} }) // stays a memory stop
  })
  it("it ends out_of_memory, the daemon's word winning over the job's own end record of a non-zero exit (or 0)", () => {
    const stopped = after(running({ mem: 100 }), { type: 'overMemory', usedMb: 612 })
    const killed = after(stopped, exited(143, null, record(143)))
    assert.deepEqual([killed.state, killed.rawState, killed.exitCode, killed.reason],
      ['out_of_memory', 'OUT_OF_MEMORY', 143, 'used 612 MB of memory, more than its --mem of 100 MB'])
    assert.equal(after(stopped, exited(null, 9)).state, 'out_of_memory')
    assert.equal(after(stopped, exited(0, null, record(0))).state, 'out_of_memory')
    const drained = after(after(stopped, exited(null, 15, undefined, true)), { type: 'drained', record: record(137) })
    assert.deepEqual([drained.state, drained.exitCode], ['out_of_memory', 137])
    // an adopted job (a daemon restarted meanwhile) stopped for its memory ends so too
    assert.equal(after(stopped, { type: 'vanished', record: record(143), groupRuns: false }).state, 'out_of_memory')
  })
})

describe('transition: GPUs and --hold', () => {
  it('a started job keeps the devices it was given', () => {
    const started = after(job({ gpus: 2 }), { type: 'started', pid: 42, pidStart: '99', gpuIds: ['0', '1'] })
    assert.deepEqual([started.state, started.gpuIds], ['running', ['0', '1']])
  })
  it('a held job is reported held (JobHeldUser) until released; releasing a job not held changes nothing', () => {
    const held = job({ held: true })
    assert.deepEqual([toStatus(held).state, toStatus(held).reason, toStatus(held).rawState], ['held', 'JobHeldUser', 'PENDING'])
    const released = after(held, { type: 'released' })
    assert.deepEqual([released.held, toStatus(released).state], [false, 'pending'])
    assert.equal(transition(job(), { type: 'released' }, NOW), undefined)
    assert.equal(transition(running(), { type: 'released' }, NOW), undefined)
  })
  it('a held job can be cancelled', () => {
    const c = after(job({ held: true }), { type: 'cancelRequested' })
    assert.deepEqual([c.state, toStatus(c).state], ['cancelled', 'cancelled'])
  })
})

describe('transition: a job recorded as started whose process was never let run (its daemon died first)', () => {
  it('goes back in the queue, with nothing of that start kept; one cancelled meanwhile ends cancelled', () => {
    const back = after(running({ pidStart: '99' }), { type: 'unstarted' })
    assert.deepEqual([back.state, back.rawState, back.pid, back.pidStart, back.startedAt], ['pending', 'PENDING', null, null, null])
    const stopped = after(running({ stopCause: 'cancel', stopRequestedAt: NOW, reason: 'cancelled by the user' }), { type: 'unstarted' })
    assert.equal(stopped.state, 'cancelled')
    assert.equal(transition(job(), { type: 'unstarted' }, NOW), undefined)
  })
})
