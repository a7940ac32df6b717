// The daemon's `queue` answer: live jobs and those that ended in the time asked (the last day when the client
// does not say, as 0.1.0 clients do not), or every job kept.
import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import type { HandlerContext } from '../../../../src/service/handlers/context.js'
import { queue } from '../../../../src/service/handlers/queue.js'
import { Store } from '../../../../src/service/store.js'

const spec = { name: 'n', script: '/s', out: '/o', err: '/e', end: '/x', cwd: '/', env: {}, cores: 1, mem: null, time: null, depends: [] }
const HOUR = 3600_000

describe('the queue handler', () => {
  it('answers live jobs and those ended since the time asked', () => {
    const store = new Store(join(mkdtempSync(join(tmpdir(), 'pcluster-qh-')), 'store.db'))
    const [old, recent, live] = [store.insertLocal(spec, 'me').id, store.insertLocal(spec, 'me').id, store.insertLocal(spec, 'me').id]
    const ended = (ms: number) => ({ state: 'completed' as const, endedAt: new Date(Date.now() - ms).toISOString() })
    store.update([{ id: old, set: ended(48 * HOUR) }, { id: recent, set: ended(HOUR) }])
    const ask = (since?: string | null) => {
      const answer = queue({ type: 'queue', ...(since === undefined ? {} : { since }) }, { store } as unknown as HandlerContext)
      return answer.jobs.map((j) => j.id)
    }
    assert.deepEqual(ask(), [recent, live])
    assert.deepEqual(ask(null), [old, recent, live])
    assert.deepEqual(ask(new Date(Date.now() - 72 * HOUR).toISOString()), [old, recent, live])
    assert.deepEqual(ask(new Date(Date.now() - 30 * 60_000).toISOString()), [live])
    store.close()
  })
})
