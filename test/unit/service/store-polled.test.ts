// Jobs of other batch systems, polled by the service: one row per (backend, id), inserted once, then updated
// in place by each poll; the local queue's own jobs are never touched by a poll.
import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import type { JobStatus } from '../../../src/core/states.js'
import { Store } from '../../../src/service/store.js'

const temp = () => join(mkdtempSync(join(tmpdir(), 'pcluster-polled-')), 'store.db')
const status = (over: Partial<JobStatus> = {}): JobStatus => ({
  id: '7', state: 'pending', rawState: 'PENDING', reason: 'Priority', name: 'sim', user: 'me', partition: 'debug', nodes: '',
  nodeCount: null, cores: 4, exitCode: null, signal: null, startedAt: null, endedAt: null, ...over,
})

describe('Store.upsertPolled', () => {
  it('inserts a polled job, then updates its state, raw state, reason, exit code and times in place', () => {
    const store = new Store(temp())
    store.upsertPolled('slurm', [status(), status({ id: '8', name: 'other' })])
    const first = store.find('slurm', '7')!
    assert.deepEqual([first.backend, first.name, first.state, first.rawState, first.reason, first.cores], ['slurm', 'sim', 'pending', 'PENDING', 'Priority', 4])
    store.upsertPolled('slurm', [status({ state: 'failed', rawState: 'FAILED', reason: 'NonZeroExitCode', exitCode: 3,
      startedAt: '2026-12-06T10:00:00.000Z', endedAt: '2026-12-06T10:05:00.000Z' })])
    const ended = store.find('slurm', '7')!
    assert.deepEqual([ended.state, ended.rawState, ended.reason, ended.exitCode, ended.startedAt, ended.endedAt, ended.submittedAt],
      ['failed', 'FAILED', 'NonZeroExitCode', 3, '2026-12-06T10:00:00.000Z', '2026-12-06T10:05:00.000Z', first.submittedAt])
    assert.equal(store.find('slurm', '8')!.state, 'pending')
    store.close()
  })

  it('keeps the same id of two batch systems apart, and leaves local jobs and the local queue alone', () => {
    const store = new Store(temp())
    const local = store.insertLocal({ name: 'n', script: '/s', out: '/o', err: '/e', end: '/x', cwd: '/', env: {}, cores: 1, mem: null, time: null, depends: [] }, 'me')
    store.upsertPolled('sge', [status({ id: local.id, state: 'running', rawState: 'r' })])
    assert.equal(store.get(local.id)!.state, 'pending')
    assert.equal(store.find('sge', local.id)!.state, 'running')
    assert.deepEqual(store.list().map((j) => j.id), [local.id]) // the loop sees only its own jobs
    assert.throws(() => store.upsertPolled('local', [status({ id: local.id })]), /not the local ones/)
    store.close()
  })
})
