// `wait --timeout` on the project's own test Slurm (polled, where the local queue pushes): it gives up with
// exit 124 and leaves the job alone. (How soon wait notices an end: bench/wait-latency.mjs.)
import assert from 'node:assert/strict'
import { after, it } from 'node:test'
import { execFileSync, spawnSync } from 'node:child_process'
import { cli, HAVE_SLURM, NO_SLURM, suite, testEnv } from '../../helpers.js'

const skip = !HAVE_SLURM && NO_SLURM
const submitted: string[] = []
after(() => { if (HAVE_SLURM && submitted.length) spawnSync('scancel', submitted, { stdio: 'ignore' }) })

suite('slurm: wait', { skip }, () => {
  it('--timeout gives up with exit 124, naming the job, which is left running', async () => {
    const t = testEnv()
    const run = (args: string[]) => cli(args, { env: t.env, cwd: t.dir })
    const id = (await run(['submit', '--qtype', 'slurm', '--parsable', 'sleep 300'])).stdout.trim()
    submitted.push(id)
    const w = await run(['wait', '--timeout', '2', id])
    assert.equal(w.code, 124, w.stderr)
    assert.match(w.stderr, new RegExp(`gave up waiting after 2 seconds: 1 of 1 job not ended \\(${id} (pending|running)\\), left as they are`))
    const state = execFileSync('squeue', ['-h', '-j', id, '-o', '%T'], { encoding: 'utf8' }).trim()
    assert.match(state, /^(PENDING|RUNNING)$/, 'the job is untouched')
  })
})
