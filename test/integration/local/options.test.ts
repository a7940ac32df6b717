// The HPC keywords (issue 14) on the real local daemon: one machine holds every task, so --tasks counts tasks
// times cores per task, and --mem-per-cpu times those, against the cores and memory the queue owns.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { cli } from '../../helpers.js'
import { localEnv } from './env.js'

describe('local queue: tasks and memory per core are counted whole', () => {
  it('--tasks 2 --cores 2 asks for 4 cores (strict: refused on a 2-core queue), --tasks 2 --cores 1 runs', async () => {
    const t = localEnv(2, 'mem = 1G\nstrict = true\n')
    const ok = await cli(['submit', '--wait', '--tasks', '2', '--cores', '1', 'true'], { env: t.env, cwd: t.dir })
    assert.equal(ok.code, 0, ok.stderr)
    const big = await cli(['submit', '--tasks', '2', '--cores', '2', 'true'], { env: t.env, cwd: t.dir })
    assert.notEqual(big.code, 0)
    assert.match(big.stderr, /--cores 4 is more than the local queue has/)
  })
  it('--mem-per-cpu counts for every core of every task', async () => {
    const t = localEnv(2, 'mem = 1G\nstrict = true\n')
    const ok = await cli(['submit', '--wait', '--tasks', '2', '--mem-per-cpu', '500M', 'true'], { env: t.env, cwd: t.dir })
    assert.equal(ok.code, 0, ok.stderr)
    const big = await cli(['submit', '--tasks', '2', '--mem-per-cpu', '600M', 'true'], { env: t.env, cwd: t.dir })
    assert.notEqual(big.code, 0)
    assert.match(big.stderr, /--mem 1200M is more than the local queue has/)
  })
})
