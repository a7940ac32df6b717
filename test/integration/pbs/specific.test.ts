// What only Torque and PBS Pro have, end to end on the simulator (test/simulators/pbs/sim.ts: real jobs on this
// machine, answers in the shape of the recorded samples): short ids, throttling, Torque 4's vanishing jobs.
// The flow every batch system shares (pipelines, a failing chain, queue --json, profiles, refusals, clean) runs
// on all three flavours in test/integration/whole-flow/ (scenarios.ts, a file per system).
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { BIN, cli, eventually, held, release, start, testEnv } from '../../helpers.js'
import { simEnv, type SimFlavour } from '../../simulators/pbs/env.js'

const QTYPE: Record<SimFlavour, string> = { torque6: 'torque', torque4: 'torque', pbspro: 'pbspro', pbspro14: 'pbspro' }

function setup(flavour: SimFlavour) {
  const t = testEnv()
  // PCLUSTER_QTYPE: this machine may have Slurm's sbatch on PATH, detected first
  return { ...t, env: simEnv(t.dir, flavour, { ...t.env, PCLUSTER_QTYPE: QTYPE[flavour] }) }
}

for (const flavour of ['torque6', 'pbspro'] as const) {
  describe(`${flavour} simulator: short ids`, { concurrency: true }, () => {
    it('cancel stops a running job (by its short id); wait reports it cancelled, exit 1', async () => {
      const t = setup(flavour)
      const id = (await cli(['submit', '--parsable', '--name', 'long', 'sleep 60'], { env: t.env, cwd: t.dir })).stdout.trim()
      const short = id.split('.')[0]!
      await eventually(async () => {
        const s = JSON.parse((await cli(['queue', '--json'], { env: t.env, cwd: t.dir })).stdout) as { id: string; state: string }[]
        return s.find((j) => j.id === id)?.state === 'running' ? true : undefined
      }, 15_000, 'the job to start')
      const c = await cli(['cancel', short], { env: t.env, cwd: t.dir })
      assert.equal(c.code, 0, c.stderr)
      const w = await cli(['wait', short], { env: t.env, cwd: t.dir })
      assert.equal(w.code, 1)
      assert.match(w.stderr, new RegExp(`job ${id.replace(/\./g, '\\.')} \\(long\\) was cancelled`))
      const again = await cli(['cancel', id], { env: t.env, cwd: t.dir })
      assert.equal(again.code, 0, again.stderr)
    })
  })
}

describe('torque6 simulator: throttling', () => {
  it('--max-queue-len holds a submission back until the user\'s active jobs drop below it', async () => {
    const t = setup('torque6')
    const first = await cli(['submit', '--parsable', held('first')], { env: t.env, cwd: t.dir })
    assert.equal(first.code, 0, first.stderr)
    const trace = join(t.dir, '.trace')
    const submitting = start(process.execPath, [BIN, 'submit', '--parsable', '--max-queue-len', '1', 'true'], { env: { ...t.env, PCLUSTER_TRACE: trace }, cwd: t.dir })
    try { // the first job runs until the second submission says it waits for room
      await eventually(() => (/waiting to submit/.test(submitting.soFar().stderr) ? true : undefined), 60_000, 'the second submission to wait')
    } finally {
      release(t.dir, 'first')
    }
    const second = await submitting.done
    assert.equal(second.code, 0, second.stderr)
    assert.match(second.stderr, /1 of your jobs are pending or running \(max_queue_len 1\); waiting to submit/)
    // counted, found full, counted again until there was room, and only then submitted
    const ran = readFileSync(trace, 'utf8').trim().split('\n').map((l) => l.split(' ').slice(2).join(' '))
    assert.equal(ran.filter((c) => c.startsWith('qsub ')).length, 1, ran.join('\n'))
    assert.ok(ran.findIndex((c) => c.startsWith('qsub ')) >= 2 && ran.slice(0, -1).every((c) => c.startsWith('qstat ')), ran.join('\n'))
  })
})

describe('torque4 simulator: a finished job vanishes at once (keep_completed 0)', () => {
  it('its end record tells how it ended', async () => {
    const t = setup('torque4')
    const r = await cli(['submit', '--parsable', '--wait', 'exit 4'], { env: t.env, cwd: t.dir })
    assert.equal(r.code, 4, r.stderr)
    const q = JSON.parse((await cli(['queue', '--json'], { env: t.env, cwd: t.dir })).stdout) as { id: string; state: string; exitCode: number }[]
    assert.deepEqual(q.map((j) => [j.id, j.state, j.exitCode]), [[r.stdout.trim(), 'failed', 4]])
  })
})
