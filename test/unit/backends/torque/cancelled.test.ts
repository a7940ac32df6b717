// pcluster's own record of the Torque / PBS Pro jobs it cancelled: which statuses it marks (a record speaks only
// for a job submitted before it), what it says of a job the server forgot, and how outcome.ts then reads them.
import assert from 'node:assert/strict'
import { mkdtempSync, utimesSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { pbsproStatus } from '../../../../src/backends/pbspro/states.js'
import { cancelledAt, forgottenCancels, markOwnCancels } from '../../../../src/backends/qsub-family/cancelled.js'
import { ownCancels, recordCancels, retractCancels } from '../../../../src/backends/qsub-family/cancelrecords.js'
import { torqueStatus } from '../../../../src/backends/torque/states.js'
import { mergeOutcome } from '../../../../src/core/outcome.js'
import { stateDir } from '../../../../src/core/paths.js'

process.env.XDG_STATE_HOME = mkdtempSync(join(tmpdir(), 'pcluster-cancelled-'))

describe('Torque / PBS Pro: exit_status 265 (SIGKILL) and pcluster\'s own cancels', () => {
  // Torque: epoch ctime (XML); PBS Pro: a ctime string
  const torque265 = { Job_Id: '41.srv', job_state: 'C', exit_status: '265', ctime: String(Math.floor(Date.now() / 1000) - 60) }
  const pbspro265 = { Job_Id: '42.srv', job_state: 'F', Exit_status: '265', ctime: new Date(Date.now() - 60_000).toString().slice(0, 24) }

  it('without a record of pcluster\'s: failed, killed by signal 9 (an OOM kill looks the same)', async () => {
    const cancels = await ownCancels('torque')
    for (const [r, status] of [[torque265, torqueStatus], [pbspro265, pbsproStatus]] as const) {
      const [s] = markOwnCancels([r], [status(r)], cancels)
      const m = mergeOutcome(s!.id, s, undefined)
      assert.deepEqual([m.state, m.signal], ['failed', 9])
    }
  })

  it('after pcluster\'s cancel (qdel sends SIGKILL after kill_delay): cancelled, on Torque and PBS Pro alike', async () => {
    await recordCancels('torque', ['41.srv'])
    await recordCancels('pbspro', ['42']) // a short id as typed matches the full one
    const [t] = markOwnCancels([torque265], [torqueStatus(torque265)], await ownCancels('torque'))
    const [p] = markOwnCancels([pbspro265], [pbsproStatus(pbspro265)], await ownCancels('pbspro'))
    assert.deepEqual([mergeOutcome(t!.id, t, undefined).state, mergeOutcome(p!.id, p, undefined).state], ['cancelled', 'cancelled'])
    await retractCancels('torque', ['41.srv'])
    assert.equal((await ownCancels('torque')).size, 0)
  })

  it('a record older than the job does not speak for it: job numbers come round again', async () => {
    await recordCancels('torque', ['43.srv'])
    const old = (Date.now() - 3600_000) / 1000
    utimesSync(join(stateDir('torque-cancelled'), '43.srv'), old, old)
    const cancels = await ownCancels('torque')
    assert.equal(cancelledAt(cancels, '43.srv', Date.now() - 60_000), undefined)
    assert.notEqual(cancelledAt(cancels, '43.srv', Date.now() - 7200_000), undefined)
  })

  it('a job the server forgot (Torque 4, PBS Pro without history): cancelled when pcluster cancelled it, else no word', async () => {
    await recordCancels('torque', ['44.srv'])
    const forgotten = forgottenCancels(['44.srv', '45.srv'], new Map(), await ownCancels('torque'))
    assert.deepEqual([...forgotten.keys()], ['44.srv'])
    assert.equal(mergeOutcome('44.srv', forgotten.get('44.srv'), undefined).state, 'cancelled')
  })
})
