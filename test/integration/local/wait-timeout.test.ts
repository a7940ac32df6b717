// `wait --timeout DURATION` on the real local queue (pushed states, no polling): the time runs out, the
// exit is 124 as timeout(1)'s, the jobs are left running, and a job that ends in time is waited on as ever.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { cli, held, started } from '../../helpers.js'
import { localEnv } from './env.js'

describe('wait --timeout (local queue)', () => {
  it('gives up with exit 124, names the jobs not ended, and leaves them running', async () => {
    const t = localEnv()
    const run = (args: string[]) => cli(args, { env: t.env, cwd: t.dir })
    const long = (await run(['submit', '--parsable', '--name', 'long', held('long')])).stdout.trim() // never released
    const quick = (await run(['submit', '--parsable', '--name', 'quick', 'true'])).stdout.trim()
    assert.equal((await run(['wait', quick])).code, 0) // ended before the timed wait, however slow the machine
    await started(t.dir, 'long')
    const w = await run(['wait', '--timeout', '2', '--json', long, quick])
    assert.equal(w.code, 124, w.stderr)
    assert.match(w.stderr, new RegExp(`gave up waiting after 2 seconds: 1 of 2 jobs not ended \\(${long} running\\), left as they are`))
    const states = (JSON.parse(w.stdout) as { id: string; state: string }[]).map((s) => [s.id, s.state])
    assert.deepEqual(states.find(([id]) => id === quick), [quick, 'completed'])
    const q = JSON.parse((await run(['queue', '--json'])).stdout) as { id: string; state: string }[]
    assert.equal(q.find((j) => j.id === long)?.state, 'running', 'the job is untouched')
    await run(['cancel', long])
  })

  it('a job that ends in time: the usual exit, as without --timeout', async () => {
    const t = localEnv()
    const run = (args: string[]) => cli(args, { env: t.env, cwd: t.dir })
    const failing = (await run(['submit', '--parsable', 'exit 3'])).stdout.trim()
    const w = await run(['wait', '--timeout', '5m', failing])
    assert.equal(w.code, 1, w.stderr)
    assert.match(w.stderr, /exit code 3|exited with 3/)
  })

  it('a malformed duration is bad usage: exit 2 before anything is asked', async () => {
    const t = localEnv()
    const w = await cli(['wait', '--timeout', '2x', '1'], { env: t.env, cwd: t.dir })
    assert.equal(w.code, 2)
    assert.match(w.stderr, /invalid value "2x" for --timeout[\s\S]*90s, 10m, 2h, 1d/)
  })
})
