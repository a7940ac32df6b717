// Cancels on the Torque / PBS Pro simulator that the server alone cannot tell from other ends: a job that
// outlives qdel's SIGTERM dies of its SIGKILL (exit_status 265, as an OOM kill), and Torque 4 forgets a deleted
// job at once. pcluster's own record of its cancel (src/backends/qsub-family/cancelrecords.ts) makes both `cancelled`.
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { cli, eventually, testEnv } from '../../helpers.js'
import { simEnv, type SimFlavour } from '../../simulators/pbs/env.js'

function setup(flavour: SimFlavour, qtype: string) {
  const t = testEnv()
  return { ...t, env: simEnv(t.dir, flavour, { ...t.env, PCLUSTER_QTYPE: qtype }) }
}

for (const [flavour, qtype, field] of [['torque6', 'torque', 'exit_status'], ['pbspro', 'pbspro', 'Exit_status']] as const) {
  describe(`${flavour} simulator: a job that ignores SIGTERM, cancelled`, () => {
    it('ends by qdel\'s SIGKILL (265): cancelled for pcluster, which sent it; a kill -9 it did not send stays failed', async () => {
      const t = setup(flavour, qtype)
      writeFileSync(join(t.dir, 'stubborn.sh'), '#!/bin/bash\ntrap "" TERM\nsleep 30\n')
      const id = (await cli(['submit-file', '--parsable', 'stubborn.sh'], { env: t.env, cwd: t.dir })).stdout.trim()
      await eventually(async () => {
        const s = JSON.parse((await cli(['queue', '--json'], { env: t.env, cwd: t.dir })).stdout) as { id: string; state: string }[]
        return s.find((j) => j.id === id)?.state === 'running' ? true : undefined
      }, 15_000, 'the job to start')
      assert.equal((await cli(['cancel', id], { env: t.env, cwd: t.dir })).code, 0)
      const w = await cli(['wait', id], { env: t.env, cwd: t.dir })
      assert.equal(w.code, 1)
      assert.match(w.stderr, new RegExp(`\\(stubborn\\.sh\\) was cancelled: pcluster cancelled it \\(${field}=265`))
      // the same end, had pcluster not sent the cancel: a kill by signal 9 (an OOM kill looks the same)
      const other = setup(flavour, qtype)
      const again = await cli(['wait', id], { env: { ...t.env, XDG_STATE_HOME: join(other.dir, 'state') }, cwd: t.dir })
      assert.match(again.stderr, /was killed by signal 9 \(SIGKILL\)/)
    })
  })
}

describe('torque4 simulator: a cancelled job vanishes at once (keep_completed 0)', () => {
  it('wait and queue say cancelled at once, not unknown after the grace period', async () => {
    const t = setup('torque4', 'torque')
    const id = (await cli(['submit', '--parsable', '--begin', 'now+1hour', 'true'], { env: t.env, cwd: t.dir })).stdout.trim()
    assert.equal((await cli(['cancel', id], { env: t.env, cwd: t.dir })).code, 0)
    const w = await cli(['wait', id], { env: t.env, cwd: t.dir })
    assert.equal(w.code, 1, w.stderr)
    assert.match(w.stderr, /was cancelled: pcluster cancelled it/)
    const q = JSON.parse((await cli(['queue', '--json'], { env: t.env, cwd: t.dir })).stdout) as { id: string; state: string }[]
    assert.deepEqual(q.map((j) => [j.id, j.state]), [[id, 'cancelled']])
  })
})
