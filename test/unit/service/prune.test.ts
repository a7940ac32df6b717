// Ended local jobs are kept [local] keep_days, then forgotten by the daemon's tick, as Slurm's MinJobAge does:
// never a job not ended, nor one a job not ended depends on. Time is the tick's `now`, never waited for.
import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { Loop } from '../../../src/service/loop.js'
import { Store } from '../../../src/service/store.js'
import { processStart } from '../../../src/service/runner/supervisor.js'

const DAY = 86400_000
const spec = { name: 'n', script: '/s', out: '/o', err: '/e', end: '/x', cwd: '/', env: {}, cores: 1, mem: null, time: null, depends: [] as string[] }
const temp = () => join(mkdtempSync(join(tmpdir(), 'pcluster-prune-')), 'store.db')
const iso = (ms: number) => new Date(ms).toISOString()

/** A store whose jobs ended long before `now`, recently, or not at all. */
function history(now: number) {
  const store = new Store(temp())
  const add = (over: Partial<typeof spec> & { begin?: string } = {}) => store.insertLocal({ ...spec, ...over }, 'me').id
  const old = add()
  const oldParent = add()
  const recent = add()
  const waiting = add({ depends: [`afterany:${oldParent}`], begin: '2100-01-01T00:00:00.000Z' }) // pending: reads its parent's state
  const running = add()
  store.update([
    { id: old, set: { state: 'completed', rawState: 'COMPLETED', exitCode: 0, endedAt: iso(now - 20 * DAY) } },
    { id: oldParent, set: { state: 'failed', rawState: 'FAILED', exitCode: 1, endedAt: iso(now - 20 * DAY) } },
    { id: recent, set: { state: 'completed', rawState: 'COMPLETED', exitCode: 0, endedAt: iso(now - 13 * DAY) } },
    // this process stands for the job's: alive, and started when it says
    { id: running, set: { state: 'running', rawState: 'RUNNING', pid: process.pid, pidStart: processStart(process.pid) ?? null, startedAt: iso(now - 30 * DAY) } },
  ])
  return { store, old, oldParent, recent, waiting, running }
}

const settings = { capacity: { cores: 1, mem: 1000 }, stopGraceMs: 1000 }

describe('keep_days: the daemon forgets ended jobs', () => {
  it('after keep_days an ended job is gone; live jobs, a live job\'s dependency and younger jobs stay', () => {
    const now = Date.now() + 100 * DAY
    const h = history(now)
    const loop = new Loop(h.store, { ...settings, keepMs: 14 * DAY }, () => undefined)
    loop.tick(now)
    assert.deepEqual(h.store.list().map((j) => j.id), [h.oldParent, h.recent, h.waiting, h.running])
    assert.equal(h.store.get(h.old), undefined)
    // a day later the younger one is past keep_days too
    loop.tick(now + 2 * DAY)
    assert.deepEqual(h.store.list().map((j) => j.id), [h.oldParent, h.waiting, h.running])
    // ids are never handed out again
    assert.equal(Number(h.store.insertLocal(spec, 'me').id), Number(h.running) + 1)
    h.store.close()
  })
  it('without keep_days nothing is forgotten', () => {
    const now = Date.now() + 100 * DAY
    const h = history(now)
    new Loop(h.store, settings, () => undefined).tick(now)
    assert.equal(h.store.list().length, 5)
    h.store.close()
  })
  it('a large backlog goes a batch per tick, not all in one pause', () => {
    const now = Date.now() + 100 * DAY
    const store = new Store(temp())
    const ids = Array.from({ length: 1500 }, () => store.insertLocal(spec, 'me').id)
    store.update(ids.map((id) => ({ id, set: { state: 'completed' as const, endedAt: iso(now - 30 * DAY) } })))
    const loop = new Loop(store, { ...settings, keepMs: 14 * DAY }, () => undefined)
    loop.tick(now)
    assert.equal(store.list().length, 500)
    loop.tick(now + 500)
    assert.equal(store.list().length, 0)
    store.close()
  })
})
