// `clean` on the user's results: never outside the folder it cleans, and outputs the user named
// (--outfile/--errfile) kept unless --outputs, as python-cluster's clean(delete_outputs=False) kept them.
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { bash, cli } from '../../helpers.js'
import { localEnv } from './env.js'


describe('clean and the results the user named', () => {
  it('never deletes a named output outside the folder it cleans, even with --outputs', async () => {
    const t = localEnv()
    mkdirSync(join(t.dir, 'work'))
    mkdirSync(join(t.dir, 'keep'))
    const r = await bash(`
      cd work
      a=$(pcluster submit --parsable --name precious --outfile ../keep/precious.txt --errfile "$PWD/../keep/x.err" 'echo result; echo note >&2')
      pcluster wait --quiet "$a"
      pcluster clean --yes
      pcluster clean --yes --outputs`, { env: t.env, cwd: t.dir })
    assert.equal(r.code, 0, r.stderr)
    assert.equal(readFileSync(join(t.dir, 'keep', 'precious.txt'), 'utf8'), 'result\n')
    assert.equal(readFileSync(join(t.dir, 'keep', 'x.err'), 'utf8'), 'note\n')
    assert.deepEqual(readdirSync(join(t.dir, 'work')), [], "pcluster's own files in work/ went")
  })

  it('keeps named outputs inside the folder unless --outputs, and says so', async () => {
    const t = localEnv()
    const r = await bash(`
      a=$(pcluster submit --parsable --name one --outfile result.txt 'echo 1')
      b=$(pcluster submit --parsable --name two --outfile other.txt 'echo 2')
      pcluster wait --quiet "$a" "$b"
      pcluster clean --yes --suffix cluster --dry-run
      pcluster clean --yes`, { env: t.env, cwd: t.dir })
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stderr, /keeping 2 output files named with --outfile\/--errfile or by a job script \(results: --outputs deletes them too\): result.txt, other.txt/)
    assert.ok(existsSync(join(t.dir, 'result.txt')) && existsSync(join(t.dir, 'other.txt')))
    assert.ok(!existsSync(join(t.dir, 'one.cluster.sh')) && !existsSync(join(t.dir, 'one.cluster.end')))
    // default-named outputs are pcluster's own job files: they go
    assert.ok(!existsSync(join(t.dir, 'one.cluster.err')))
    const again = await bash(`
      c=$(pcluster submit --parsable --name three --outfile third.txt 'echo 3')
      pcluster wait --quiet "$c"
      pcluster clean --yes --outputs`, { env: t.env, cwd: t.dir })
    assert.equal(again.code, 0, again.stderr)
    assert.ok(!existsSync(join(t.dir, 'third.txt')), 'asked for: deleted')
    assert.ok(existsSync(join(t.dir, 'result.txt')), 'an earlier clean kept it and let go of it')
  })

  it('a folder of the manifest that has become a link to elsewhere does not take clean there', async () => {
    const t = localEnv()
    mkdirSync(join(t.dir, 'elsewhere'))
    mkdirSync(join(t.dir, 'work', 'sub'), { recursive: true })
    const r = await bash(`
      cd work
      a=$(pcluster submit --parsable --name job --outfile sub/job.out 'echo hi')
      pcluster wait --quiet "$a"
      mv sub sub.old && ln -s ../elsewhere sub && echo precious > ../elsewhere/job.out
      pcluster clean --yes --outputs`, { env: t.env, cwd: t.dir })
    assert.equal(r.code, 0, r.stderr)
    assert.equal(readFileSync(join(t.dir, 'elsewhere', 'job.out'), 'utf8'), 'precious\n')
  })

  it('a folder that does not exist is a usage error, not "nothing to clean"', async () => {
    const t = localEnv()
    const r = await cli(['clean', '--yes', join(t.dir, 'nonexistent')], { env: t.env, cwd: t.dir })
    assert.equal(r.code, 2, r.stderr)
    assert.match(r.stderr, /nonexistent: no such folder/)
  })
})
