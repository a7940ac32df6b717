// End to end on the Torque / PBS Pro simulator (test/simulators/pbs/sim.ts: real jobs on this machine, answers
// in the shape of the recorded samples): chains with --parsable/--depends, a failed dependency ending the
// wait at once, queue --json with true states and exit codes (walltime kill included), cancel, clean, short ids.
import assert from 'node:assert/strict'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { bash, cli, eventually, testEnv } from '../../helpers.js'
import { simEnv, type SimFlavour } from '../../simulators/pbs/env.js'

const QTYPE: Record<SimFlavour, string> = { torque6: 'torque', torque4: 'torque', pbspro: 'pbspro', pbspro14: 'pbspro' }

function setup(flavour: SimFlavour) {
  const t = testEnv()
  // PCLUSTER_QTYPE: this machine may have Slurm's sbatch on PATH, detected first
  return { ...t, env: simEnv(t.dir, flavour, { ...t.env, PCLUSTER_QTYPE: QTYPE[flavour] }) }
}

/** A chain whose first job fails: `wait` on the first and the last returns 1, naming both reasons. */
async function failingChain(flavour: SimFlavour): Promise<void> {
  const t = setup(flavour)
  const r = await bash(`
    j1=$(pcluster submit --parsable --name first 'exit 3')
    j2=$(pcluster submit --parsable --depends "$j1" 'echo never')
    j3=$(pcluster submit --parsable --depends "$j2" --name last 'echo never')
    pcluster wait "$j1" "$j3" || echo "rc=$?"`, { env: t.env, cwd: t.dir })
  assert.match(r.stdout, /rc=1/, r.stderr)
  assert.match(r.stderr, /job \S+ \(first\) failed with exit code 3/)
  assert.match(r.stderr, /job \S+ \(last\) will never run: job \S+, which it depends on, did not succeed/)
}

for (const flavour of ['torque6', 'pbspro'] as const) {
  const q = QTYPE[flavour]
  describe(`${flavour} simulator: pipelines`, { concurrency: true }, () => {
    it('a bash pipeline of three jobs chained with --parsable/--depends runs in order', async () => {
      const t = setup(flavour)
      const r = await bash(`
        j1=$(pcluster submit --parsable 'sleep 1; echo one >> order.txt')
        j2=$(pcluster submit --parsable --depends "$j1" 'echo two >> order.txt')
        j3=$(pcluster submit --parsable --dependency "$j2" -- sh -c 'echo three >> order.txt')
        echo "$j1 $j2 $j3"
        pcluster wait --quiet "$j3"`, { env: t.env, cwd: t.dir })
      assert.equal(r.code, 0, r.stderr)
      assert.match(r.stdout.trim(), /^\d+\.simserver\.cluster \d+\.simserver\.cluster \d+\.simserver\.cluster$/)
      assert.equal(readFileSync(join(t.dir, 'order.txt'), 'utf8'), 'one\ntwo\nthree\n')
    })

    it('a failing first job makes wait on the last return non-zero at once, naming the reason', () => failingChain(flavour))

    it('queue --json shows true states and exit codes: ok, exit 5, waiting on --begin, killed at its walltime', async () => {
      const t = setup(flavour)
      const ids = (await bash(`
        a=$(pcluster submit --parsable 'exit 0')
        b=$(pcluster submit --parsable 'exit 5')
        c=$(pcluster submit --parsable --begin now+1hour 'true')
        d=$(pcluster submit --parsable --time 00:00:01 'sleep 30')
        pcluster wait --quiet "$a" "$b" "$d" >/dev/null 2>&1 || true
        echo "$a $b $c $d"`, { env: t.env, cwd: t.dir })).stdout.trim().split(' ')
      const r = await cli(['queue', '--json'], { env: t.env, cwd: t.dir })
      assert.equal(r.code, 0, r.stderr)
      const byId = new Map((JSON.parse(r.stdout) as { id: string; state: string; exitCode: number | null; user: string }[]).map((j) => [j.id, j]))
      assert.deepEqual(ids.map((id) => [byId.get(id)?.state, byId.get(id)?.exitCode]),
        [['completed', 0], ['failed', 5], ['pending', null], ['timeout', null]])
      assert.ok(!byId.get(ids[0]!)?.user.includes('@'))
      await cli(['cancel', ids[2]!], { env: t.env, cwd: t.dir })
    })

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

    it('clean removes what pcluster wrote once the job has ended, and keeps a live job\'s files', async () => {
      const t = setup(flavour)
      const r = await bash(`
        a=$(pcluster submit --parsable --name results 'echo done')
        b=$(pcluster submit --parsable --name live --begin now+1hour 'true')
        pcluster wait --quiet "$a"
        echo "$a $b"`, { env: t.env, cwd: t.dir })
      assert.equal(r.code, 0, r.stderr)
      const [, b] = r.stdout.trim().split(' ')
      await eventually(() => (existsSync(join(t.dir, 'results.cluster.out')) ? true : undefined), 10_000, 'the output copied back')
      assert.equal(readFileSync(join(t.dir, 'results.cluster.out'), 'utf8'), 'done\n')
      const done = await cli(['clean', '--yes'], { env: t.env, cwd: t.dir })
      assert.equal(done.code, 0, done.stderr)
      assert.match(done.stderr, /keeping the files of job \S+ \(live\)/)
      assert.deepEqual(readdirSync(t.dir).filter((f) => !f.startsWith('.') && f !== 'config.ini').sort(), ['live.cluster.pbs'])
      assert.equal((await cli(['cancel', b!], { env: t.env, cwd: t.dir })).code, 0)
    })

    it(`${q}: qsub's refusal reaches the user in one line, exit 1, no job file left`, async () => {
      const t = setup(flavour)
      const r = await cli(['submit', '--partition', 'nosuch', 'true'], { env: t.env, cwd: t.dir })
      assert.equal(r.code, 1)
      assert.match(r.stderr, /^pcluster: qsub refused the job: Unknown queue(: requested queue not found)?\n/)
      assert.deepEqual(readdirSync(t.dir).filter((f) => !f.startsWith('.') && f !== 'config.ini'), [])
    })
  })
}

describe('torque6 simulator: throttling', () => {
  it('--max-queue-len holds a submission back until the user\'s active jobs drop below it', async () => {
    const t = setup('torque6')
    const first = await cli(['submit', '--parsable', 'sleep 2'], { env: t.env, cwd: t.dir })
    assert.equal(first.code, 0, first.stderr)
    const started = Date.now()
    const second = await cli(['submit', '--parsable', '--max-queue-len', '1', 'true'], { env: t.env, cwd: t.dir })
    assert.equal(second.code, 0, second.stderr)
    assert.ok(Date.now() - started >= 1000, `held back ${Date.now() - started} ms`)
    assert.match(second.stderr, /1 of your jobs are pending or running \(max_queue_len 1\); waiting to submit/)
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

describe('torque4 simulator: a dependant aborted with its failed parent vanishes at once', () => {
  it('wait on the last of a failed chain ends as never runnable, not unknown a minute later', () => failingChain('torque4'))
})
