// Each id goes to the backend pcluster submitted it to, whatever is on PATH: with a stub sbatch first on PATH
// (so Slurm is what detection finds), wait, cancel and queue on local jobs answer as without it, and never ask
// Slurm about them. Malformed and unknown ids are refused at once.
import assert from 'node:assert/strict'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { cli, testEnv, type TestEnv } from '../../helpers.js'
import { stopAfterwards } from './env.js'


/**
 * A private environment whose PATH starts with stub sbatch/squeue/sacct/scancel: each logs its call to
 * `calls.log`; squeue and sacct answer "no jobs", sbatch refuses.
 */
function stubbedSlurm(): TestEnv & { calls: () => string[] } {
  const t = testEnv()
  writeFileSync(t.config, '[local]\ncores = 2\nidle = 5\n')
  const bin = join(t.dir, 'stub-bin')
  mkdirSync(bin)
  const log = join(t.dir, 'calls.log')
  writeFileSync(log, '')
  for (const cmd of ['sbatch', 'squeue', 'sacct', 'scancel'])
    writeFileSync(join(bin, cmd), `#!/bin/sh\necho "${cmd} $*" >> '${log}'\n${cmd === 'sbatch' ? 'echo "sbatch: error: stub" >&2; exit 1' : 'exit 0'}\n`, { mode: 0o755 })
  t.env.PATH = `${bin}:${t.env.PATH}`
  t.env.SLURM_CONF = join(t.dir, 'slurm.conf') // a configured Slurm, as far as detection can tell
  stopAfterwards(t)
  return Object.assign(t, { calls: () => readFileSync(log, 'utf8').split('\n').filter(Boolean) })
}

describe('ids go to the backend that has them', () => {
  it('with a stub sbatch first on PATH, wait, cancel and queue on local jobs answer as without it', async () => {
    const t = stubbedSlurm()
    const run = (args: string[]) => cli(args, { env: t.env, cwd: t.dir })
    const done = (await run(['submit', '--qtype', 'local', '--parsable', 'exit 0'])).stdout.trim()
    const slow = (await run(['submit', '--qtype', 'local', '--parsable', '--name', 'slow', 'sleep 30'])).stdout.trim()
    assert.match(done, /^\d+$/)
    const w = await run(['wait', '--json', done])
    assert.equal(w.code, 0, w.stderr)
    assert.equal((JSON.parse(w.stdout) as { state: string }[])[0]!.state, 'completed')
    const c = await run(['cancel', slow])
    assert.equal(c.code, 0, c.stderr)
    assert.match(c.stderr, /cancel sent for 1 job \(local\)/)
    const w2 = await run(['wait', slow])
    assert.equal(w2.code, 1)
    assert.match(w2.stderr, new RegExp(`job ${slow} \\(slow\\) was cancelled`))
    assert.deepEqual(t.calls(), [], 'Slurm was never asked about local jobs')
    const q = await run(['queue', '--json'])
    assert.equal(q.code, 0, q.stderr)
    const listed = (JSON.parse(q.stdout) as { id: string; qtype: string; state: string }[]).filter((j) => j.qtype === 'local')
    assert.deepEqual(listed.map((j) => [j.id, j.state]).sort(), [[done, 'completed'], [slow, 'cancelled']].sort())
  })

  it('a malformed id is exit 2 at once, before any scheduler is asked', async () => {
    const t = stubbedSlurm()
    for (const args of [['wait', '199', '200', 'foo'], ['wait', '--qtype', 'slurm', '1234.server'], ['cancel', '--qtype', 'local', 'abc'],
      ['submit', '--qtype', 'slurm', '--depends', 'abc', 'true']]) {
      const r = await cli(args, { env: t.env, cwd: t.dir })
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`)
      assert.match(r.stderr, /invalid job id '(foo|1234\.server|abc)'.*not a job id of (Slurm|the local queue)/)
    }
    assert.deepEqual(t.calls(), [])
  })

  it('an id no one knows ends within seconds: exit 3 on Slurm, exit 1 for cancel on the local queue', async () => {
    const t = stubbedSlurm()
    const started = Date.now()
    const w = await cli(['wait', '--qtype', 'slurm', '424242'], { env: t.env, cwd: t.dir })
    assert.equal(w.code, 3, w.stderr)
    assert.match(w.stderr, /job 424242 is unknown: Slurm has no record of a job 424242, and pcluster did not submit one/)
    assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`)
    const c = await cli(['cancel', '--qtype', 'local', '99999'], { env: t.env, cwd: t.dir })
    assert.equal(c.code, 1, c.stderr)
    assert.match(c.stderr, /the local queue has no job 99999/)
    assert.doesNotMatch(c.stderr, /cancel sent/)
  })
})
