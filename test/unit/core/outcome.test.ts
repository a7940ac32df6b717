import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseEndRecord } from '../../../src/core/jobscript.js'
import { blankStatus, mergeOutcome } from '../../../src/core/outcome.js'
import type { JobStatus } from '../../../src/core/states.js'

const sched = (state: JobStatus['state'], exitCode: number | null = null): JobStatus => ({ ...blankStatus('7', state), rawState: state.toUpperCase(), exitCode })
const record = (exitCode: number) => ({ exitCode, startedAt: '2026-01-01T00:00:00.000Z', endedAt: '2026-01-01T00:01:00.000Z' })

describe('mergeOutcome: the scheduler word merged with the job end record', () => {
  it('a job with neither a scheduler record nor an end record is unknown, never completed', () => {
    assert.equal(mergeOutcome('7', undefined, undefined).state, 'unknown')
  })
  it('an end record alone decides by its exit code', () => {
    assert.equal(mergeOutcome('7', undefined, record(0)).state, 'completed')
    const f = mergeOutcome('7', undefined, record(5))
    assert.equal(f.state, 'failed')
    assert.equal(f.exitCode, 5)
  })
  it('a scheduler timeout, out-of-memory, cancel or node failure wins over an exit 0', () => {
    for (const s of ['timeout', 'out_of_memory', 'cancelled', 'node_fail'] as const)
      assert.equal(mergeOutcome('7', sched(s), record(0)).state, s)
  })
  it("a job stopped for its memory that then exits non-zero (killed, or its own handler's exit) stays out_of_memory, its code kept", () => {
    const m = mergeOutcome('7', { ...sched('out_of_memory'), reason: 'used 612 MB of memory' }, record(143))
    assert.deepEqual([m.state, m.exitCode, m.reason], ['out_of_memory', 143, 'used 612 MB of memory'])
    // the peak the scheduler measured goes through too
    assert.equal(mergeOutcome('7', { ...sched('out_of_memory'), maxRssMb: 612 }, record(137)).maxRssMb, 612)
  })
  it('the end record gives the true exit code where the scheduler says completed or failed', () => {
    const m = mergeOutcome('7', sched('failed', 1), record(42))
    assert.equal(m.state, 'failed')
    assert.equal(m.exitCode, 42)
    assert.equal(mergeOutcome('7', sched('completed', 0), record(0)).state, 'completed')
  })
  it('an end record saying dependency_never_satisfied (a job script that ran no command) wins over its own exit', () => {
    const never = parseEndRecord('exit_code=1\nstate=dependency_never_satisfied\nblocked_by=41\nstart=1700000000\nend=1700000000\n')!
    assert.deepEqual([never.state, never.blockedBy], ['dependency_never_satisfied', '41'])
    for (const m of [mergeOutcome('7', undefined, never), mergeOutcome('7', sched('failed', 1), never)])
      assert.deepEqual([m.state, m.blockedBy, m.exitCode], ['dependency_never_satisfied', '41', null])
    assert.equal(mergeOutcome('7', sched('cancelled'), never).state, 'cancelled')
    assert.equal(parseEndRecord('exit_code=0\nstate=whatever\n')!.state, undefined)
  })
  it('a live job stays live whatever the files say', () => {
    assert.equal(mergeOutcome('7', sched('running'), record(0)).state, 'running')
  })
})

describe('mergeOutcome: a job pcluster cancelled itself (cancelRequested, from its own records)', () => {
  // Torque exit_status 265: killed by SIGKILL, as qdel does after kill_delay and as an OOM kill does
  const killed = (signal: number, mine: boolean): JobStatus => ({ ...sched('failed'), signal, ...(mine ? { cancelRequested: true } : {}) })
  it('killed by a signal after pcluster cancelled it: cancelled', () => {
    assert.equal(mergeOutcome('7', killed(9, true), undefined).state, 'cancelled')
    assert.equal(mergeOutcome('7', killed(15, true), undefined).state, 'cancelled')
  })
  it('killed by a signal nobody in pcluster asked for: failed, signal kept', () => {
    const m = mergeOutcome('7', killed(9, false), undefined)
    assert.deepEqual([m.state, m.signal], ['failed', 9])
  })
  it('a job the scheduler forgot with no end record (Torque 4 purges a deleted job): cancelled', () => {
    const gone: JobStatus = { ...blankStatus('7'), rawState: 'deleted', cancelRequested: true }
    assert.equal(mergeOutcome('7', gone, undefined).state, 'cancelled')
    assert.equal(mergeOutcome('7', { ...gone, cancelRequested: false }, undefined).state, 'unknown')
  })
  it('a job that ran to its end before the cancel reached it keeps its own outcome', () => {
    const gone: JobStatus = { ...blankStatus('7'), rawState: 'deleted', cancelRequested: true }
    assert.equal(mergeOutcome('7', gone, record(0)).state, 'completed')
    assert.equal(mergeOutcome('7', { ...sched('failed', 3), cancelRequested: true }, record(3)).state, 'failed')
  })
})

describe('parseEndRecord', () => {
  it('reads exit code and times', () => {
    const r = parseEndRecord('exit_code=3\nstart=1700000000\nend=1700000060\n')
    assert.deepEqual(r, { exitCode: 3, startedAt: '2023-11-14T22:13:20.000Z', endedAt: '2023-11-14T22:14:20.000Z' })
  })
  it('refuses a torn or empty record', () => {
    assert.equal(parseEndRecord(''), undefined)
    assert.equal(parseEndRecord('exit_code=\n'), undefined)
  })
})
