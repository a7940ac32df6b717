// The loop's tick costs what can change without an event: held and blocked pending jobs are not read each tick,
// and a begin time coming is noticed without reading them. Time is the tick's `now`, never waited for.
import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { Loop } from '../../../src/service/loop.js'
import { Store, type LocalJob } from '../../../src/service/store.js'

const spec = { name: 'n', script: '/s', out: '/o', err: '/e', end: '/x', cwd: '/', env: {}, cores: 1, mem: null, time: null, depends: [] as string[] }
const settings = { capacity: { cores: 1, mem: 1000 }, stopGraceMs: 1000 }
const temp = () => join(mkdtempSync(join(tmpdir(), 'pcluster-loop-')), 'store.db')

/** Counts the rows of pending jobs that the store hands the loop. */
function counting(store: Store): { pendingRead: number } {
  const seen = { pendingRead: 0 }
  const list = store.list.bind(store)
  store.list = (states) => {
    const rows: LocalJob[] = list(states)
    seen.pendingRead += rows.filter((j) => j.state === 'pending').length
    return rows
  }
  return seen
}

describe('the tick', () => {
  it('reads no held or dependency-blocked pending job, and still says the queue is busy', () => {
    const store = new Store(temp())
    const held = store.insertLocal({ ...spec, hold: true }, 'me').id
    for (let i = 0; i < 50; i++) store.insertLocal({ ...spec, hold: true }, 'me')
    store.insertLocal({ ...spec, depends: [`afterok:${held}`] }, 'me')
    const loop = new Loop(store, settings, () => undefined)
    loop.adopt()
    const seen = counting(store)
    let busy = false
    for (let i = 0; i < 10; i++) busy = !!loop.tick(Date.now() + i * 500)
    assert.equal(seen.pendingRead, 0)
    assert.equal(busy, true)
    store.close()
  })

  it('schedules when a pending job\'s begin time comes, with no other event', () => {
    const store = new Store(temp())
    const held = store.insertLocal({ ...spec, hold: true }, 'me').id
    const now = Date.now()
    // it cannot start when its time comes (its dependency is held): only its reason shows the pass ran
    const later = store.insertLocal({ ...spec, depends: [`afterok:${held}`], begin: new Date(now + 60_000).toISOString() }, 'me').id
    const loop = new Loop(store, settings, () => undefined)
    loop.schedule(now)
    assert.match(store.get(later)!.reason, /^BeginTime/)
    loop.tick(now + 30_000)
    assert.match(store.get(later)!.reason, /^BeginTime/)
    const seen = counting(store)
    loop.tick(now + 61_000)
    assert.equal(store.get(later)!.reason, '')
    assert.ok(seen.pendingRead > 0, 'the scheduling pass read the pending jobs')
    loop.tick(now + 61_500)
    const after = seen.pendingRead
    loop.tick(now + 62_000)
    assert.equal(seen.pendingRead, after, 'once past, the begin time costs nothing more')
    store.close()
  })
})
