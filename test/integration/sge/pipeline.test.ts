// End to end on the project's own test Grid Engine (test/integration/sge/start-sge.sh): pipelines chained with
// --parsable/--depends (afterok built on -hold_jid), wait and its exit codes, queue --json with true states,
// refusals, clean. Tests run side by side (all.q has 4 slots) to keep the whole file near half a minute.
import assert from 'node:assert/strict'
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it, after } from 'node:test'
import { spawnSync } from 'node:child_process'
import { bash, cli, eventually, testEnv } from '../../helpers.js'
import { HAVE_SGE, NO_SGE, sgeEnv } from './ours.js'

const skip = !HAVE_SGE && NO_SGE
const SGE = sgeEnv()
const env = () => testEnv(SGE)
const submitted: string[] = []
const track = (ids: string) => { submitted.push(...ids.split(/\s+/).filter((w) => /^\d+$/.test(w))); return ids }

after(() => {
  // jobs a test left waiting (a future --begin) must not linger
  if (HAVE_SGE && submitted.length) spawnSync('qdel', submitted, { stdio: 'ignore', env: { ...process.env, ...SGE } })
})

describe('sge: pipelines', { skip, concurrency: true }, () => {
  it('a bash pipeline of three jobs chained with --parsable/--depends runs in order', async () => {
    const t = env()
    const r = await bash(`
      j1=$(pcluster submit --qtype sge --parsable 'sleep 2; echo one >> order.txt')
      j2=$(pcluster submit --qtype sge --parsable --depends "$j1" 'echo two >> order.txt')
      j3=$(pcluster submit --qtype sge --parsable --dependency "$j2" -- sh -c 'echo three >> order.txt')
      echo "$j1 $j2 $j3"
      pcluster wait --quiet "$j3"`, { env: t.env, cwd: t.dir })
    track(r.stdout)
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout.trim(), /^\d+ \d+ \d+$/)
    assert.equal(readFileSync(join(t.dir, 'order.txt'), 'utf8'), 'one\ntwo\nthree\n')
  })

  it('a failing first job: its dependents never run, and wait on the last returns non-zero within seconds', async () => {
    const t = env()
    const started = Date.now()
    const r = await bash(`
      j1=$(pcluster submit --qtype sge --parsable --name first 'exit 3')
      j2=$(pcluster submit --qtype sge --parsable --depends "$j1" 'echo ran > never.txt')
      j3=$(pcluster submit --qtype sge --parsable --depends "$j2" --name last 'echo ran >> never.txt')
      echo "$j1 $j2 $j3"
      pcluster wait "$j1" "$j3" || echo "rc=$?"`, { env: t.env, cwd: t.dir })
    const [, j2] = track(r.stdout).trim().split(/\s+/)
    const took = Date.now() - started
    assert.match(r.stdout, /rc=1/)
    assert.match(r.stderr, /job \d+ \(first\) failed with exit code 3/)
    assert.match(r.stderr, new RegExp(`job \\d+ \\(last\\) will never run: job ${j2}, which it depends on, did not succeed`))
    assert.ok(!existsSync(join(t.dir, 'never.txt')), 'a dependent ran its command')
    assert.ok(took < 30_000, `took ${took} ms`)
  })

  it('queue --json: true states and exit codes (done, failed, a --time overrun, a cancel)', async () => {
    const t = env()
    const r = await bash(`
      ok=$(pcluster submit --qtype sge --parsable --name ok true)
      bad=$(pcluster submit --qtype sge --parsable --name bad 'exit 4')
      slow=$(pcluster submit --qtype sge --parsable --name slow --time 0:03 'sleep 60; echo not killed')
      gone=$(pcluster submit --qtype sge --parsable --name gone 'sleep 60')
      echo "$ok $bad $slow $gone"
      pcluster cancel "$gone" >&2
      pcluster wait --quiet "$ok" "$bad" "$slow" "$gone" || echo "rc=$?"`, { env: t.env, cwd: t.dir })
    const [ok, bad, slow, gone] = track(r.stdout).trim().split(/\s+/)
    assert.match(r.stdout, /rc=1/, r.stderr)
    const q = await cli(['queue', '--qtype', 'sge', '--json'], { env: t.env, cwd: t.dir })
    assert.equal(q.code, 0, q.stderr)
    const jobs = new Map((JSON.parse(q.stdout) as { id: string; state: string; exitCode: number | null }[]).map((j) => [j.id, j]))
    assert.deepEqual([ok, bad, slow, gone].map((id) => [jobs.get(id!)?.state, jobs.get(id!)?.exitCode]),
      [['completed', 0], ['failed', 4], ['timeout', 137], ['cancelled', null]])
    assert.doesNotMatch(readFileSync(join(t.dir, 'slow.cluster.out'), 'utf8'), /not killed/)
  })

  it('bad input is refused with nothing written or submitted; a refusal by qsub carries its reason', async () => {
    const t = env()
    const quote = await cli(['submit', '--qtype', 'sge', '--partition', 'a"b', 'true'], { env: t.env, cwd: t.dir })
    assert.equal(quote.code, 2)
    assert.match(quote.stderr, /cannot read a " or \\/)
    const q = await cli(['submit', '--qtype', 'sge', '--partition', 'nosuch.q', 'true'], { env: t.env, cwd: t.dir })
    assert.equal(q.code, 1)
    assert.match(q.stderr, /qsub refused the job: Job was rejected because job requests unknown queue "nosuch.q"/)
    assert.deepEqual(readdirSync(t.dir).filter((f) => f.includes('.cluster.')), [])
  })

  it('clean removes exactly what pcluster wrote, and keeps the files of a live job', async () => {
    const t = env()
    writeFileSync(join(t.dir, 'results.cluster.out'), 'precious, not pcluster\'s')
    writeFileSync(join(t.dir, 'notes.txt'), 'mine')
    const r = await bash(`
      a=$(pcluster submit --qtype sge --parsable --name results 'echo done')
      b=$(pcluster submit --qtype sge --parsable --name live --begin now+1hour 'true')
      echo "$a $b"
      pcluster wait --quiet "$a"`, { env: t.env, cwd: t.dir })
    const [, b] = track(r.stdout).trim().split(' ')
    assert.equal(r.code, 0, r.stderr)
    assert.equal(readFileSync(join(t.dir, 'results_2.cluster.out'), 'utf8'), 'done\n')
    const dry = await cli(['clean', '--dry-run'], { env: t.env, cwd: t.dir })
    assert.equal(dry.stdout, 'results_2.cluster.sge\nresults_2.cluster.out\nresults_2.cluster.err\nresults_2.cluster.end\n')
    const done = await cli(['clean', '--yes'], { env: t.env, cwd: t.dir })
    assert.equal(done.code, 0, done.stderr)
    assert.match(done.stderr, new RegExp(`keeping the files of job ${b} \\(live\\): job ${b} is pending`))
    assert.deepEqual(readdirSync(t.dir).sort(), ['.pcluster-manifest.jsonl', '.state', 'live.cluster.sge', 'notes.txt', 'results.cluster.out'])
    const c = await cli(['cancel', b!], { env: t.env, cwd: t.dir })
    assert.equal(c.code, 0, c.stderr)
    await eventually(async () => {
      const d = await cli(['clean', '--yes'], { env: t.env, cwd: t.dir })
      return d.stderr.includes('deleted 1 files') ? true : undefined
    }, 30_000, `job ${b} to leave the queue`)
    assert.deepEqual(readdirSync(t.dir).sort(), ['.state', 'notes.txt', 'results.cluster.out'])
  })
})
