// What `wait` and the queue table say of a job that did not succeed: the signal, the code, the reason.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { parseSacct } from '../../../src/backends/slurm/status.js'
import { blankStatus } from '../../../src/core/outcome.js'
import { describeFailure, type JobStatus } from '../../../src/core/states.js'
import { FIXTURES } from '../../helpers.js'

const status = (over: Partial<JobStatus>): JobStatus => ({ ...blankStatus('7'), ...over })

describe('describeFailure', () => {
  it('a job killed by a signal says so, not "exit code 0" (kill -9 $$ on Slurm reads 0:9)', () => {
    const ids = Object.fromEntries(readFileSync(join(FIXTURES, 'slurm', 'ids.txt'), 'utf8').trim().split(' ').map((kv) => kv.split('=')))
    const killed = parseSacct(readFileSync(join(FIXTURES, 'slurm', 'sacct-mixed.txt'), 'utf8')).find((j) => j.id === ids.killed)!
    assert.equal(describeFailure(killed), 'was killed by signal 9 (SIGKILL)')
  })
  it('the reason a scheduler or the local queue gave is shown; placeholders are not', () => {
    assert.equal(describeFailure(status({ state: 'failed', reason: 'could not start: EACCES: permission denied' })),
      'failed: could not start: EACCES: permission denied')
    assert.equal(describeFailure(status({ state: 'failed', exitCode: 3, reason: 'NonZeroExitCode' })), 'failed with exit code 3')
    assert.equal(describeFailure(status({ state: 'timeout', exitCode: 143, signal: 15, reason: 'None' })), 'hit its time limit and was stopped by signal 15 (SIGTERM)')
  })
  it('a job Slurm stopped at its time limit says so, never "exit 0" (the real sacct lines: 0:0, and 0:15 for the batch step)', () => {
    const ids = Object.fromEntries(readFileSync(join(FIXTURES, 'slurm', 'ids.txt'), 'utf8').trim().split(' ').map((kv) => kv.split('=')))
    const text = readFileSync(join(FIXTURES, 'slurm', 'sacct-timeout.txt'), 'utf8')
    const timedOut = parseSacct(text).find((j) => j.id === ids.timeout)!
    assert.deepEqual([timedOut.state, timedOut.exitCode, timedOut.signal], ['timeout', 0, null])
    assert.equal(describeFailure(timedOut), 'hit its time limit and was stopped')
    const bySignal = parseSacct(text.replace(/TIMEOUT(\W)0:0(\W)/, 'TIMEOUT$10:15$2')).find((j) => j.id === ids.timeout)!
    assert.deepEqual([bySignal.exitCode, bySignal.signal], [0, 15])
    assert.equal(describeFailure(bySignal), 'hit its time limit and was stopped by signal 15 (SIGTERM)')
    // Slurm's OUT_OF_MEMORY reads 0:125, no signal at all
    assert.equal(describeFailure(status({ state: 'out_of_memory', exitCode: 0, signal: 125 })), 'ran out of memory and was stopped')
    assert.equal(describeFailure(status({ state: 'node_fail', exitCode: 1 })), 'lost its node (exit 1)')
    // the job's own end record, as the real Slurm's time-limit stop leaves it (the shell's 128 + 15)
    assert.equal(describeFailure(status({ state: 'timeout', exitCode: 143 })), 'hit its time limit and was stopped by signal 15 (SIGTERM)')
  })
  it('never runnable jobs name what blocks them and how to be rid of them', () => {
    assert.equal(describeFailure(status({ state: 'dependency_never_satisfied', blockedBy: '5' })), 'will never run: job 5, which it depends on, did not succeed')
    assert.match(describeFailure(status({ state: 'never_runnable', reason: 'PartitionConfig: its partition has no node' })),
      /will never run as submitted: PartitionConfig: its partition has no node; it stays queued until you cancel it \(pcluster cancel 7\)/)
  })
})
