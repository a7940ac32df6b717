// --hold on the local queue, as on Slurm: the job stays pending (held, reason JobHeldUser) until `pcluster
// release`, `wait` keeps waiting on it meanwhile, and `cancel` ends it.
import assert from 'node:assert/strict'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { cli, eventually } from '../../helpers.js'
import { localEnv } from './env.js'

interface Row { id: string; state: string; rawState: string; reason: string }

describe('local queue: --hold and release', () => {
  it('a held job waits, jobs behind it run, and it runs once released; wait waits for it meanwhile', async () => {
    const t = localEnv(1)
    const run = (args: string[]) => cli(args, { env: t.env, cwd: t.dir })
    const queue = async () => new Map((JSON.parse((await run(['queue', '--json'])).stdout) as Row[]).map((j) => [j.id, j]))
    const held = (await run(['submit', '--parsable', '--hold', 'touch ran'])).stdout.trim()
    const other = await run(['submit', '--parsable', 'true'])
    assert.equal(other.code, 0, other.stderr)
    // one core: the job behind the held one ran to its end, so the held one reserved nothing and did not run
    assert.equal((await run(['wait', other.stdout.trim()])).code, 0)
    const h = (await queue()).get(held)!
    assert.deepEqual([h.state, h.rawState, h.reason], ['held', 'PENDING', 'JobHeldUser'])
    assert.equal(existsSync(join(t.dir, 'ran')), false)
    assert.equal((await run(['wait', '--timeout', '1', held])).code, 124, 'wait keeps waiting on a held job')

    const waiting = run(['wait', held])
    const r = await run(['release', held])
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stderr, new RegExp(`released 1 job \\(local\\): ${held}`))
    const w = await waiting
    assert.equal(w.code, 0, w.stderr)
    assert.equal(existsSync(join(t.dir, 'ran')), true)
    assert.equal((await queue()).get(held)!.state, 'completed')
    // releasing a job that is no longer held is no error, as with scontrol release
    assert.equal((await run(['release', held])).code, 0)
  })

  it('submit-file: a script\'s own #SBATCH --hold holds it; its #SBATCH --gpus is checked at submit', async () => {
    const t = localEnv(1)
    t.env.CUDA_VISIBLE_DEVICES = '0'
    const run = (args: string[]) => cli(args, { env: t.env, cwd: t.dir })
    writeFileSync(join(t.dir, 'held.sh'), '#!/bin/bash\n#SBATCH --hold\n#SBATCH --gpus=1\necho "$CUDA_VISIBLE_DEVICES" > ran\n')
    writeFileSync(join(t.dir, 'big.sh'), '#!/bin/bash\n#SBATCH --gpus=2\ntouch big\n')
    const big = await run(['submit-file', 'big.sh'])
    assert.equal(big.code, 2, big.stderr)
    assert.match(big.stderr, /--gpus 2 is more than the local queue has/)
    const id = (await run(['submit-file', '--parsable', 'held.sh'])).stdout.trim()
    const rows = JSON.parse((await run(['queue', '--json'])).stdout) as Row[]
    assert.deepEqual(rows.map((j) => [j.id, j.state, j.reason]), [[id, 'held', 'JobHeldUser']])
    assert.equal((await run(['release', id])).code, 0)
    assert.equal((await run(['wait', id])).code, 0)
    assert.equal(readFileSync(join(t.dir, 'ran'), 'utf8'), '0\n')
  })

  it('a held job can be cancelled; release of an id the queue does not know is exit 1', async () => {
    const t = localEnv(1)
    const run = (args: string[]) => cli(args, { env: t.env, cwd: t.dir })
    const held = (await run(['submit', '--parsable', '--hold', 'touch ran'])).stdout.trim()
    await eventually(async () => (JSON.parse((await run(['queue', '--json'])).stdout) as Row[]).find((j) => j.id === held && j.state === 'held'))
    assert.equal((await run(['cancel', held])).code, 0)
    const w = await run(['wait', held])
    assert.equal(w.code, 1)
    assert.match(w.stderr, /cancelled/)
    const none = await run(['release', '999'])
    assert.equal(none.code, 1)
    assert.match(none.stderr, /the local queue has no job 999/)
    assert.equal(existsSync(join(t.dir, 'ran')), false)
  })
})
