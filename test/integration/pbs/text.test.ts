// PBS Pro whose qstat has no `-F json` (before 18.1; the simulator's pbspro14 flavour refuses `-F` as PBS Pro
// 14.1's getopt does and answers `qstat -f` in text, in the shape of the recorded text samples): status is read
// from the text, and the whole flow works as with JSON: a chain, a failed dependency, queue --json, cancel.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { bash, cli, eventually, testEnv } from '../../helpers.js'
import { simEnv } from '../../simulators/pbs/env.js'

function setup() {
  const t = testEnv()
  return { ...t, env: simEnv(t.dir, 'pbspro14', { ...t.env, PCLUSTER_QTYPE: 'pbspro' }) }
}

describe('pbspro14 simulator (qstat without -F json): status from qstat -f text', { concurrency: true }, () => {
  it('the simulator refuses -F as PBS Pro 14 does', async () => {
    const t = setup()
    const r = await bash('qstat -f -F json || echo "rc=$?"', { env: t.env, cwd: t.dir })
    assert.match(r.stderr, /^qstat: invalid option -- 'F'\nusage: /)
    assert.match(r.stdout, /rc=2/)
  })

  it('a chain of three runs in order; a failing first job makes wait on the last return at once', async () => {
    const t = setup()
    const r = await bash(`
      j1=$(pcluster submit --parsable 'sleep 1; echo one >> order.txt')
      j2=$(pcluster submit --parsable --depends "$j1" 'echo two >> order.txt')
      j3=$(pcluster submit --parsable --depends "$j2" 'echo three >> order.txt')
      pcluster wait --quiet "$j3" || echo "chain rc=$?"
      f1=$(pcluster submit --parsable --name first 'exit 3')
      f2=$(pcluster submit --parsable --depends "$f1" --name last 'echo never')
      pcluster wait "$f1" "$f2" || echo "failed rc=$?"`, { env: t.env, cwd: t.dir })
    assert.doesNotMatch(r.stdout, /chain rc/, r.stderr)
    assert.equal(readFileSync(join(t.dir, 'order.txt'), 'utf8'), 'one\ntwo\nthree\n')
    assert.match(r.stdout, /failed rc=1/, r.stderr)
    assert.match(r.stderr, /job \S+ \(first\) failed with exit code 3/)
    assert.match(r.stderr, /job \S+ \(last\) will never run: job \S+, which it depends on, did not succeed/)
  })

  it('queue --json: ok, exit 5, waiting on --begin, killed at its walltime; cancel of a running job', async () => {
    const t = setup()
    const ids = (await bash(`
      a=$(pcluster submit --parsable 'exit 0')
      b=$(pcluster submit --parsable 'exit 5')
      c=$(pcluster submit --parsable --begin now+1hour 'true')
      d=$(pcluster submit --parsable --time 00:00:01 'sleep 30')
      pcluster wait --quiet "$a" "$b" "$d" >/dev/null 2>&1 || true
      echo "$a $b $c $d"`, { env: t.env, cwd: t.dir })).stdout.trim().split(' ')
    const q = await cli(['queue', '--json'], { env: t.env, cwd: t.dir })
    assert.equal(q.code, 0, q.stderr)
    const byId = new Map((JSON.parse(q.stdout) as { id: string; state: string; exitCode: number | null; user: string }[]).map((j) => [j.id, j]))
    assert.deepEqual(ids.map((id) => [byId.get(id)?.state, byId.get(id)?.exitCode]),
      [['completed', 0], ['failed', 5], ['pending', null], ['timeout', null]])
    const id = (await cli(['submit', '--parsable', '--name', 'long', 'sleep 60'], { env: t.env, cwd: t.dir })).stdout.trim()
    await eventually(async () => {
      const s = JSON.parse((await cli(['queue', '--json'], { env: t.env, cwd: t.dir })).stdout) as { id: string; state: string }[]
      return s.find((j) => j.id === id)?.state === 'running' ? true : undefined
    }, 15_000, 'the job to start')
    assert.equal((await cli(['cancel', id, ids[2]!], { env: t.env, cwd: t.dir })).code, 0)
    const w = await cli(['wait', id, ids[2]!], { env: t.env, cwd: t.dir })
    assert.equal(w.code, 1)
    assert.match(w.stderr, /2\/2 ended: 2 cancelled/)
  })
})
