// The local queue's pure scheduling decisions.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { beginReasons, nextBegin, neverRunnable, startable, startPlan, tooBig } from '../../../../src/service/runner/scheduler.js'
import type { JobState } from '../../../../src/core/states.js'
import { job } from '../jobs.js'

const none = new Map<string, JobState>()

describe('startable', () => {
  it('starts jobs in order within the cores and memory left', () => {
    const a = job({ cores: 2 }), b = job({ cores: 2 }), c = job({ cores: 1, mem: 1000 })
    assert.deepEqual(startable([a, b, c], none, { cores: 4, mem: 500 }), [a.id, b.id])
  })
  it('lets small jobs backfill around a large one waiting for room', () => {
    const run = job({ cores: 3, state: 'running' }), big = job({ cores: 4 }), small = job({ cores: 1 })
    assert.deepEqual(startable([run, big, small], none, { cores: 4, mem: 1e6 }), [small.id])
  })
  it('stops backfilling past a large job that has waited long enough', () => {
    const run = job({ cores: 3, state: 'running' })
    const big = job({ cores: 4, submittedAt: new Date(Date.now() - 10 * 60_000).toISOString() })
    const small = job({ cores: 1 })
    assert.deepEqual(startable([run, big, small], none, { cores: 4, mem: 1e6 }), [])
  })
  it('waits for dependencies to complete', () => {
    const dep = job({ state: 'running' }), after = job({ depends: [] })
    after.depends = [dep.id]
    assert.deepEqual(startable([dep, after], none, { cores: 8, mem: 1e6 }), [])
    assert.deepEqual(startable([after], new Map([[dep.id, 'completed' as JobState]]), { cores: 8, mem: 1e6 }), [after.id])
  })
})

describe('neverRunnable', () => {
  it('marks a chain behind a failed job, naming why', () => {
    const b = job({ depends: ['100'] }), c = job({ depends: [] })
    c.depends = [b.id]
    const out = neverRunnable([b, c], new Map([['100', 'failed' as JobState]]))
    assert.deepEqual(out, [{ id: b.id, blockedBy: '100', reason: 'job 100 ended failed' }, { id: c.id, blockedBy: b.id, reason: `job ${b.id} will never run` }])
  })
  it('by kind: afterany and afternotok run after a failure, afternotok never after a success', () => {
    const ended = new Map<string, JobState>([['100', 'failed'], ['101', 'completed']])
    const any = job({ depends: ['afterany:100'] }), notok = job({ depends: ['afternotok:100'] }), late = job({ depends: ['afternotok:101'] })
    assert.deepEqual(neverRunnable([any, notok, late], ended), [{ id: late.id, blockedBy: '101', reason: 'job 101 ended completed (afternotok)' }])
    assert.deepEqual(startable([any, notok], ended, { cores: 8, mem: 1e6 }), [any.id, notok.id])
  })
  it('leaves jobs whose dependencies may still succeed', () => {
    const a = job({ state: 'running' }), b = job({ depends: [] })
    b.depends = [a.id]
    assert.deepEqual(neverRunnable([a, b], none), [])
  })
})

describe('tooBig', () => {
  it('names pending jobs that can never fit the queue as it is now', () => {
    const small = job({ cores: 2 }), big = job({ cores: 16 }), running = job({ cores: 16, state: 'running' })
    assert.deepEqual(tooBig([small, big, running], { cores: 8, mem: 1000 }),
      [{ id: big.id, reason: 'needs 16 cores; the local queue now has 8 cores and 1000 MB (pcluster local stop, then start it with more: [local] cores/mem, or --threads)' }])
  })
  it('a job that can never fit reserves nothing: others still start', () => {
    const old = new Date(Date.now() - 60 * 60_000).toISOString()
    const huge = job({ cores: 16, submittedAt: old }), small = job({ cores: 1 })
    assert.deepEqual(startable([huge, small], none, { cores: 8, mem: 1e6 }), [small.id])
  })
})

describe('--begin', () => {
  const cap = { cores: 4, mem: 1000 }
  const now = Date.parse('2026-06-15T12:00:00Z')
  it('a job waits for its begin time, reserving nothing, with BeginTime as its reason; then it starts', () => {
    const later = job({ begin: '2026-06-15T13:00:00Z', cores: 4 })
    const small = job()
    assert.deepEqual(startable([later, small], new Map(), cap, now), [small.id])
    assert.match(beginReasons([later], now)[0]!.reason, /^BeginTime: not before \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
    const waited = { ...later, reason: 'BeginTime: not before ...' }
    const after = Date.parse('2026-06-15T13:00:01Z')
    assert.equal(nextBegin([waited, small], now), Date.parse('2026-06-15T13:00:00Z')) // the pass that lets it start is due then
    assert.equal(nextBegin([waited], after), Infinity)
    assert.deepEqual(beginReasons([waited], after), [{ id: later.id, reason: '' }])
    assert.deepEqual(startable([waited], new Map(), cap, after), [later.id])
  })
})

describe('startPlan: GPUs, scheduled like cores as specific devices', () => {
  const two = { cores: 8, mem: 1e6, gpus: [{ id: '0', name: '' }, { id: '1', name: '' }] }
  it('hands each job its own devices, the first free ones, and starts no more than there are', () => {
    const a = job({ gpus: 1 }), b = job({ gpus: 1 }), c = job({ gpus: 1 }), cpu = job()
    assert.deepEqual(startPlan([a, b, c, cpu], none, two), [{ id: a.id, gpuIds: ['0'] }, { id: b.id, gpuIds: ['1'] }, { id: cpu.id, gpuIds: [] }])
  })
  it('leaves the devices of running and completing jobs alone, and gives them out again once those end', () => {
    const run = job({ gpus: 1, state: 'running', gpuIds: ['0'] }), stopping = job({ gpus: 1, state: 'completing', gpuIds: ['1'] })
    const next = job({ gpus: 1 })
    assert.deepEqual(startPlan([run, stopping, next], none, two), [])
    assert.deepEqual(startPlan([stopping, next], none, two), [{ id: next.id, gpuIds: ['0'] }])
  })
  it('lets a job needing fewer GPUs backfill around one waiting for two', () => {
    const run = job({ gpus: 1, state: 'running', gpuIds: ['1'] }), big = job({ gpus: 2 }), small = job({ gpus: 1 })
    assert.deepEqual(startPlan([run, big, small], none, two), [{ id: small.id, gpuIds: ['0'] }])
  })
  it('matches a type against the devices\' names', () => {
    const named = { cores: 8, mem: 1e6, gpus: [{ id: '0', name: 'Tesla T4' }, { id: '1', name: 'NVIDIA A100-SXM4-40GB' }] }
    const a = job({ gpus: 1, gpuType: 'a100' }), t = job({ gpus: 1, gpuType: 't4' })
    assert.deepEqual(startPlan([a, t], none, named), [{ id: a.id, gpuIds: ['1'] }, { id: t.id, gpuIds: ['0'] }])
  })
  it('a job asking more GPUs than the queue owns never starts and reserves nothing; tooBig says why', () => {
    const old = new Date(Date.now() - 10 * 60_000).toISOString()
    const three = job({ gpus: 3, submittedAt: old }), one = job({ gpus: 1 })
    assert.deepEqual(startPlan([three, one], none, two), [{ id: one.id, gpuIds: ['0'] }])
    assert.match(tooBig([three, one], two)[0]!.reason, /needs 3 GPUs; the local queue now has 0, 1/)
    assert.deepEqual(tooBig([one], { cores: 8, mem: 1e6 }).map((t) => t.id), [one.id])
  })
  it('a held job waits for its release and reserves nothing', () => {
    const old = new Date(Date.now() - 10 * 60_000).toISOString()
    const held = job({ held: true, cores: 8, submittedAt: old }), next = job()
    assert.deepEqual(startable([held, next], none, two), [next.id])
  })
})
