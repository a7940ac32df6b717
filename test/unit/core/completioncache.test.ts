// The words shell completion reads that change as pcluster is used: the job ids the ledger records, kept
// bounded, and the profile names, rewritten whole.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { KEPT_IDS, completionFile, rememberJobId, rememberProfiles } from '../../../src/core/completioncache.js'
import { recordJob } from '../../../src/core/ledger.js'
import { testEnv } from '../../helpers.js'

const lines = (kind: 'ids' | 'profiles') => readFileSync(completionFile(kind), 'utf8').split('\n').filter(Boolean)

describe('completion cache', () => {
  it('a job the ledger records is offered: its id is appended to completion/ids', () => {
    process.env.XDG_STATE_HOME = testEnv().state
    const entry = { backend: 'slurm', id: '4242', name: 'j', script: '', out: '', err: '', end: '', dir: '', cwd: '', depends: [],
      submittedAt: new Date().toISOString() }
    recordJob({ name: 'slurm', idsPerHost: false }, entry)
    assert.deepEqual(lines('ids'), ['4242'])
  })

  it('keeps the last ids: never more than half as many again as KEPT_IDS, the newest kept', () => {
    process.env.XDG_STATE_HOME = testEnv().state
    for (let i = 1; i <= KEPT_IDS * 3; i++) {
      rememberJobId(String(i))
      assert.ok(lines('ids').length <= KEPT_IDS * 1.5, `${lines('ids').length} ids after ${i}`)
    }
    assert.equal(lines('ids').at(-1), String(KEPT_IDS * 3))
    assert.ok(lines('ids').length >= KEPT_IDS)
    // long ids (Torque's 1234.server.example.org) too
    for (let i = 1; i <= KEPT_IDS * 2; i++) rememberJobId(`${i}.headnode.cluster.example.org`)
    assert.ok(lines('ids').length <= KEPT_IDS * 1.5)
    assert.equal(lines('ids').at(-1), `${KEPT_IDS * 2}.headnode.cluster.example.org`)
  })

  it('profile names are written whole, sorted, one a line', () => {
    process.env.XDG_STATE_HOME = testEnv().state
    rememberProfiles(['large', 'default', 'gpu'])
    rememberProfiles(['large', 'default'])
    assert.deepEqual(lines('profiles'), ['default', 'large'])
  })
})
