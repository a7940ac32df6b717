// pcluster's own records of its cancels, one store for Torque, PBS Pro and Grid Engine: each system in its own
// folder (the names kept from before, so records written by an earlier pcluster still count), pruned alike.
import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, utimesSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { cancelApplies, ownCancels, recordCancels, retractCancels } from '../../../../src/backends/qsub-family/cancelrecords.js'
import { stateDir } from '../../../../src/core/paths.js'

process.env.XDG_STATE_HOME = mkdtempSync(join(tmpdir(), 'pcluster-cancelrecords-'))

describe('pcluster\'s cancel records', () => {
  it('each system keeps its own, in the folder an earlier pcluster wrote', async () => {
    await recordCancels('sge', ['12.3', '13'])
    await recordCancels('torque', ['12.srv'])
    await recordCancels('pbspro', ['12[].srv'])
    assert.deepEqual(readdirSync(stateDir('sge-cancelled')).sort(), ['12.3', '13'])
    assert.deepEqual(readdirSync(stateDir('torque-cancelled')), ['12.srv'])
    assert.deepEqual(readdirSync(stateDir('pbspro-cancelled')), ['12[].srv'])
    await retractCancels('sge', ['13', '99'])
    assert.deepEqual([...(await ownCancels('sge')).keys()], ['12.3'])
  })

  it('a record older than 30 days is pruned when read, on Grid Engine as on Torque', async () => {
    await recordCancels('sge', ['20'])
    await recordCancels('torque', ['20.srv'])
    const old = (Date.now() - 31 * 86400_000) / 1000
    utimesSync(join(stateDir('sge-cancelled'), '20'), old, old)
    utimesSync(join(stateDir('torque-cancelled'), '20.srv'), old, old)
    assert.equal((await ownCancels('sge')).has('20'), false)
    assert.equal((await ownCancels('torque')).has('20.srv'), false)
    assert.equal(readdirSync(stateDir('sge-cancelled')).includes('20'), false)
  })

  it('a record speaks only for a job submitted before it', () => {
    const submitted = Date.parse('2026-12-01T10:00:00Z')
    assert.equal(cancelApplies(submitted + 5_000, submitted), true)
    assert.equal(cancelApplies(submitted - 1, submitted), false)
    assert.equal(cancelApplies(submitted, NaN), true)
  })
})
