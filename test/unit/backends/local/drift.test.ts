// A running daemon keeps its size; a config that says otherwise now is one line with the fix.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { driftNotice } from '../../../../src/backends/local/drift.js'

describe('config drift of the local queue', () => {
  const running = { cores: 2, mem: 4096, configured: { cores: 2, mem: null } }
  it('says nothing while the config is what the daemon started with', () => {
    assert.equal(driftNotice(running, { cores: 2, mem: null }), undefined)
  })
  it('names what runs and what the config says, and how to apply it', () => {
    assert.equal(driftNotice(running, { cores: 3, mem: null }),
      'the running local queue has 2 cores; the config says 3: pcluster local stop && pcluster local start applies it')
    assert.match(driftNotice(running, { cores: 2, mem: 1024 })!, /has 4096 MB; the config says 1024 MB/)
  })
})
