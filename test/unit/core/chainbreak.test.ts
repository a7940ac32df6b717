// Where a chain broke: the walk back from a never-runnable job to the first job that failed of itself, asking
// the scheduler only about jobs not already at hand.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { chainBreak } from '../../../src/core/chainbreak.js'
import { recordJob } from '../../../src/core/ledger.js'
import { blankStatus } from '../../../src/core/outcome.js'
import type { Queue } from '../../../src/core/queue.js'
import type { JobStatus } from '../../../src/core/states.js'
import { testEnv } from '../../helpers.js'

const blocked = (id: string, by: string): JobStatus => ({ ...blankStatus(id, 'dependency_never_satisfied'), blockedBy: by })
const failed = (id: string): JobStatus => ({ ...blankStatus(id, 'failed'), exitCode: 3 })

/** A queue over fixed statuses that counts the ids it is asked about. */
function queueOf(all: JobStatus[]) {
  const asked: string[] = []
  const byId = new Map(all.map((s) => [s.id, s]))
  const queue = {
    backend: { name: 'local', idsPerHost: true },
    async statuses(ids: readonly string[]) { asked.push(...ids); return new Map(ids.flatMap((id) => (byId.has(id) ? [[id, byId.get(id)!] as const] : []))) },
  } as unknown as Queue
  return { queue, asked }
}

describe('chainBreak', () => {
  process.env.XDG_STATE_HOME = testEnv().state
  // 1 failed; 2 after 1, 3 after 2, ... 6 after 5
  const chain = [failed('1'), ...[2, 3, 4, 5, 6].map((n) => blocked(String(n), String(n - 1)))]

  it('walks back to the job that failed, and names its stderr file from the ledger', async () => {
    recordJob({ name: 'local', idsPerHost: true }, { backend: 'local', id: '1', name: 'a', script: '', out: '', err: '/w/a.cluster.err',
      end: '', dir: '/w', cwd: '/w', depends: [], submittedAt: new Date().toISOString() })
    const { queue, asked } = queueOf(chain)
    const found = await chainBreak(queue, chain[5]!)
    assert.deepEqual([found?.status.id, found?.between, found?.err], ['1', 4, '/w/a.cluster.err'])
    assert.deepEqual(asked, ['5', '4', '3', '2', '1'])
  })
  it('asks nothing about jobs already at hand: a whole broken chain waited on costs no call', async () => {
    const { queue, asked } = queueOf(chain)
    const known = new Map(chain.map((s) => [s.id, s]))
    for (const s of chain.slice(1)) assert.equal((await chainBreak(queue, s, known))?.status.id, '1')
    assert.deepEqual(asked, [])
  })
  it('stops at an afternotok link, an unknown parent, and a loop', async () => {
    const { queue } = queueOf([failed('1'), { ...blocked('2', '1'), blockedKind: 'afternotok' }, blocked('3', '2'), blocked('8', '9'), blocked('9', '8')])
    assert.equal((await chainBreak(queue, blocked('3', '2')))?.status.id, '2')
    assert.equal(await chainBreak(queue, blocked('7', '404')), undefined)
    assert.ok(await chainBreak(queue, blocked('8', '9')))
  })
})
