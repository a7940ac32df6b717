// Output patterns on the local queue mean what they mean on Slurm: %j the id, %x the name, %u the user, %% a
// literal %; the manifest records the paths the job wrote, so clean finds them.
import assert from 'node:assert/strict'
import { existsSync, readFileSync, readdirSync, mkdirSync } from 'node:fs'
import { userInfo } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { bash, cli } from '../../helpers.js'
import { localEnv } from './env.js'


describe('local: output patterns', () => {
  it('%j, %x, %u and %% in --outfile/--errfile are expanded as Slurm expands them, and recorded expanded', async () => {
    const t = localEnv()
    mkdirSync(join(t.dir, 'logs'))
    const user = t.env.USER || userInfo().username
    const r = await cli(['submit', '--json', '--name', 'pat', '--outfile', 'logs/%x.%j.out', '--errfile', 'logs/%u_100%%.%j.err',
      'echo out; echo err >&2'], { env: t.env, cwd: t.dir })
    assert.equal(r.code, 0, r.stderr)
    const sub = JSON.parse(r.stdout) as { id: string; out: string; err: string }
    assert.equal(sub.out, join(t.dir, 'logs', `pat.${sub.id}.out`))
    assert.equal(sub.err, join(t.dir, 'logs', `${user}_100%.${sub.id}.err`))
    const w = await cli(['wait', '--quiet', sub.id], { env: t.env, cwd: t.dir })
    assert.equal(w.code, 0, w.stderr)
    assert.equal(readFileSync(sub.out, 'utf8'), 'out\n')
    assert.equal(readFileSync(sub.err, 'utf8'), 'err\n')
    const manifest = readFileSync(join(t.dir, '.pcluster-manifest.jsonl'), 'utf8')
    assert.ok(manifest.includes(`logs/pat.${sub.id}.out`) && !manifest.includes('%j'), manifest)
    const c = await bash('pcluster clean --yes --outputs', { env: t.env, cwd: t.dir })
    assert.equal(c.code, 0, c.stderr)
    assert.deepEqual(readdirSync(join(t.dir, 'logs')), [], 'clean found the expanded outputs')
    assert.ok(!existsSync(join(t.dir, 'pat.cluster.sh')))
  })
  it('one %j file for stdout and stderr gets both', async () => {
    const t = localEnv()
    const r = await bash(`j=$(pcluster submit --parsable --outfile 'both.%j.log' --errfile 'both.%j.log' 'echo a; echo b >&2')
      pcluster wait --quiet "$j" && cat "both.$j.log"`, { env: t.env, cwd: t.dir })
    assert.equal(r.code, 0, r.stderr)
    assert.equal(r.stdout, 'a\nb\n')
  })
})
