// End to end on the project's own test Slurm (test/integration/slurm/start-slurm.sh; its `short` partition
// too): pipelines chained with --parsable/--depends, wait and its exit codes, queue --json, profiles,
// refusals, quoting, clean.
import assert from 'node:assert/strict'
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it, after } from 'node:test'
import { execFileSync, spawnSync } from 'node:child_process'
import { bash, cli, eventually, HAVE_SLURM, NO_SLURM, testEnv } from '../../helpers.js'

const skip = !HAVE_SLURM && NO_SLURM
const submitted: string[] = []
const track = (ids: string) => { submitted.push(...ids.split(/\s+/).filter((w) => /^\d+$/.test(w))); return ids }

after(() => {
  // jobs a test left pending (never-satisfiable dependencies, future begin times) must not linger
  if (HAVE_SLURM && submitted.length) spawnSync('scancel', submitted, { stdio: 'ignore' })
})

describe('slurm: pipelines', { skip }, () => {
  it('a bash pipeline of three jobs chained with --parsable/--depends runs in order', async () => {
    const t = testEnv()
    const r = await bash(`
      j1=$(pcluster submit --qtype slurm --parsable 'sleep 2; echo one >> order.txt')
      j2=$(pcluster submit --qtype slurm --parsable --depends "$j1" 'echo two >> order.txt')
      j3=$(pcluster submit --qtype slurm --parsable --dependency "$j2" -- sh -c 'echo three >> order.txt')
      echo "$j1 $j2 $j3"
      pcluster wait --quiet "$j3"`, { env: t.env, cwd: t.dir })
    track(r.stdout)
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout.trim(), /^\d+ \d+ \d+$/)
    assert.equal(readFileSync(join(t.dir, 'order.txt'), 'utf8'), 'one\ntwo\nthree\n')
  })

  it('a failing first job makes wait on the last return non-zero within seconds, naming the reason', async () => {
    const t = testEnv()
    const started = Date.now()
    const r = await bash(`
      j1=$(pcluster submit --qtype slurm --parsable --name first 'exit 3')
      j2=$(pcluster submit --qtype slurm --parsable --depends "$j1" 'echo never')
      j3=$(pcluster submit --qtype slurm --parsable --depends "$j2" --name last 'echo never')
      echo "$j1 $j2 $j3"
      pcluster wait "$j1" "$j3" || echo "rc=$?"`, { env: t.env, cwd: t.dir })
    track(r.stdout)
    const took = Date.now() - started
    assert.match(r.stdout, /rc=1/)
    assert.match(r.stderr, /job \d+ \(first\) failed with exit code 3/)
    assert.match(r.stderr, /job \d+ \(last\) will never run: job \d+, which it depends on, did not succeed/)
    assert.ok(took < 60_000, `took ${took} ms`)
  })

  it('--wait exits with the job\'s own exit code', async () => {
    const t = testEnv()
    const r = await cli(['submit', '--qtype', 'slurm', '--parsable', '--wait', 'exit 7'], { env: t.env, cwd: t.dir })
    track(r.stdout)
    assert.equal(r.code, 7, r.stderr)
    assert.match(r.stdout, /^\d+\n$/)
    const ok = await cli(['submit', '--qtype', 'slurm', '--wait', 'true'], { env: t.env, cwd: t.dir })
    assert.equal(ok.code, 0, ok.stderr)
  })

  it('queue --json shows true states and exit codes', async () => {
    const t = testEnv()
    const ids = track((await bash(`
      a=$(pcluster submit --qtype slurm --parsable 'exit 0')
      b=$(pcluster submit --qtype slurm --parsable 'exit 5')
      c=$(pcluster submit --qtype slurm --parsable --begin now+1hour 'true')
      pcluster wait --quiet "$a" "$b" >/dev/null || true
      echo "$a $b $c"`, { env: t.env, cwd: t.dir })).stdout).trim().split(' ')
    const r = await cli(['queue', '--qtype', 'slurm', '--json'], { env: t.env, cwd: t.dir })
    assert.equal(r.code, 0, r.stderr)
    const jobs = JSON.parse(r.stdout) as Record<string, unknown>[]
    const byId = new Map(jobs.map((j) => [j.id, j]))
    for (const key of ['id', 'name', 'user', 'partition', 'state', 'rawState', 'reason', 'nodes', 'nodeCount', 'cores', 'exitCode'])
      assert.ok(key in jobs[0]!, key)
    assert.deepEqual([byId.get(ids[0])?.state, byId.get(ids[0])?.exitCode], ['completed', 0])
    assert.deepEqual([byId.get(ids[1])?.state, byId.get(ids[1])?.exitCode], ['failed', 5])
    assert.deepEqual([byId.get(ids[2])?.state, byId.get(ids[2])?.exitCode], ['pending', null])
    const pending = JSON.parse((await cli(['queue', '--qtype', 'slurm', '--json', '--state', 'pending'], { env: t.env, cwd: t.dir })).stdout) as { state: string }[]
    assert.ok(pending.length >= 1 && pending.every((j) => j.state === 'pending'))
  })
})

describe('slurm: options reach the job', { skip }, () => {
  it('a profile and flags land in the script and in the job', async () => {
    const t = testEnv()
    const env = { env: t.env, cwd: t.dir }
    assert.equal((await cli(['profile', 'set', 'default', '--mem', '200'], env)).code, 0)
    assert.equal((await cli(['profile', 'set', 'two', '--cores', '2', '--time', '10', '--partition', 'short'], env)).code, 0)
    const r = await cli(['submit', '--qtype', 'slurm', '--profile', 'two', '--json', '--wait', '--time', '5',
      'echo "$SLURM_CPUS_PER_TASK $SLURM_JOB_PARTITION $SLURM_MEM_PER_NODE"'], env)
    assert.equal(r.code, 0, r.stderr)
    const job = JSON.parse(r.stdout) as { id: string; script: string; out: string }
    track(job.id)
    const script = readFileSync(job.script, 'utf8')
    assert.match(script, /#SBATCH --cpus-per-task=2\n/)
    assert.match(script, /#SBATCH --mem=200M\n/)
    assert.match(script, /#SBATCH --time=00:05:00\n/) // the flag beat the profile's 10 minutes
    assert.equal(readFileSync(job.out, 'utf8'), '2 short 200\n')
  })

  it('quotes, $, spaces, newlines and metacharacters survive into the job', async () => {
    const t = testEnv()
    const filedir = join(t.dir, `it's "a" dir $HOME`)
    mkdirSync(filedir)
    const weird = `a 'b' "c" $HOME \`d\` ; | & > < * ? \\ e`
    const r = await cli(['submit', '--qtype', 'slurm', '--json', '--wait', '--filedir', filedir,
      '--name', `my "job"; $(rm -rf /) 'x'`, '--', 'printf', '%s\\n', weird, 'line1\nline2'], { env: t.env, cwd: t.dir })
    assert.equal(r.code, 0, r.stderr)
    const job = JSON.parse(r.stdout) as { id: string; out: string; name: string }
    track(job.id)
    assert.equal(job.name, `my "job"; $(rm -rf /) 'x'`)
    assert.equal(readFileSync(job.out, 'utf8'), `${weird}\nline1\nline2\n`)
    const shell = await cli(['submit', '--qtype', 'slurm', '--wait', '--parsable', '--filedir', filedir,
      `for w in "one two" 'three'; do echo "[$w]"; done > loop.txt\necho 'second line' >> loop.txt`], { env: t.env, cwd: t.dir })
    track(shell.stdout)
    assert.equal(shell.code, 0, shell.stderr)
    assert.equal(readFileSync(join(t.dir, 'loop.txt'), 'utf8'), '[one two]\n[three]\nsecond line\n')
    const q = JSON.parse((await cli(['queue', '--qtype', 'slurm', '--json'], { env: t.env, cwd: t.dir })).stdout) as { id: string; name: string }[]
    assert.equal(q.find((j) => j.id === job.id)?.name, `my "job"; $(rm -rf /) 'x'`)
  })
})

describe('slurm: cancel', { skip }, () => {
  it('pcluster cancel stops a job; wait reports it cancelled, exit 1', async () => {
    const t = testEnv()
    const id = track((await cli(['submit', '--qtype', 'slurm', '--parsable', '--name', 'long', 'sleep 60'], { env: t.env, cwd: t.dir })).stdout).trim()
    const c = await cli(['cancel', '--qtype', 'slurm', id], { env: t.env, cwd: t.dir })
    assert.equal(c.code, 0, c.stderr)
    const w = await cli(['wait', '--qtype', 'slurm', id], { env: t.env, cwd: t.dir })
    assert.equal(w.code, 1)
    assert.match(w.stderr, new RegExp(`job ${id} \\(long\\) was cancelled`))
  })
})

describe('slurm: refusals', { skip }, () => {
  it("sbatch's own error reaches the user in one line, exit 1, and no job file is left", async () => {
    const t = testEnv()
    const r = await cli(['submit', '--qtype', 'slurm', '--partition', 'nosuch', 'true'], { env: t.env, cwd: t.dir })
    assert.equal(r.code, 1)
    assert.match(r.stderr, /^pcluster: sbatch refused the job: invalid partition specified: nosuch; Invalid partition name specified\n/)
    assert.deepEqual(readdirSync(t.dir).filter((f) => !f.startsWith('.') && f !== 'config.ini'), [])
    const mem = await cli(['submit', '--qtype', 'slurm', '--mem', '999G', 'true'], { env: t.env, cwd: t.dir })
    assert.equal(mem.code, 1)
    assert.match(mem.stderr, /sbatch refused the job: .*(node configuration|memory)/i)
  })
})

describe('slurm: output patterns and notices', { skip }, () => {
  it('%x and %j in --outfile are the ones the local queue expands, and pcluster records the paths Slurm wrote', async () => {
    const t = testEnv()
    const r = await cli(['submit', '--qtype', 'slurm', '--json', '--name', 'pat', '--time', '00:00:05', '--outfile', '%x.%j.out', 'echo out'],
      { env: t.env, cwd: t.dir })
    assert.equal(r.code, 0, r.stderr)
    assert.equal(r.stderr, 'pcluster: note: Slurm counts time in whole minutes: --time 00:00:05 becomes 00:01:00 (1 minute)\n')
    const sub = JSON.parse(r.stdout) as { id: string; out: string }
    track(sub.id)
    assert.equal(sub.out, join(t.dir, `pat.${sub.id}.out`))
    const w = await cli(['wait', '--quiet', sub.id], { env: t.env, cwd: t.dir })
    assert.equal(w.code, 0, w.stderr)
    await eventually(() => (existsSync(sub.out) ? true : undefined), 10_000, sub.out)
    assert.equal(readFileSync(sub.out, 'utf8'), 'out\n')
    const c = await cli(['clean', '--yes', '--outputs'], { env: t.env, cwd: t.dir })
    assert.equal(c.code, 0, c.stderr)
    assert.ok(!existsSync(sub.out), 'clean found the expanded output')
  })
})

describe('slurm: submit-file and clean', { skip }, () => {
  it('submit-file submits a script as it is, after its dependencies', async () => {
    const t = testEnv()
    writeFileSync(join(t.dir, 'mine.sh'), '#!/bin/bash\n#SBATCH --output=mine.out\necho "mine ran"\n')
    const r = await bash(`
      a=$(pcluster submit --qtype slurm --parsable 'sleep 1; touch first.done')
      b=$(pcluster submit-file --qtype slurm --parsable --depends "$a" mine.sh)
      echo "$a $b"
      pcluster wait --quiet "$b"
      test -f first.done`, { env: t.env, cwd: t.dir })
    track(r.stdout)
    assert.equal(r.code, 0, r.stderr)
    await eventually(() => (existsSync(join(t.dir, 'mine.out')) ? true : undefined), 10_000, 'mine.out')
    assert.equal(readFileSync(join(t.dir, 'mine.out'), 'utf8'), 'mine ran\n')
  })

  it('submit-file passes arguments to the script and --wait gives its exit code; its output is recorded for clean', async () => {
    const t = testEnv()
    writeFileSync(join(t.dir, 'args.sbatch'), '#!/bin/bash\nprintf "[%s]\\n" "$@"\nexit 3\n')
    const r = await cli(['submit-file', '--qtype', 'slurm', '--wait', '--parsable', 'args.sbatch', 'one', 'two three'], { env: t.env, cwd: t.dir })
    const id = track(r.stdout).trim()
    assert.equal(r.code, 3, r.stderr)
    await eventually(() => (existsSync(join(t.dir, `slurm-${id}.out`)) ? true : undefined), 10_000, `slurm-${id}.out`)
    assert.equal(readFileSync(join(t.dir, `slurm-${id}.out`), 'utf8'), '[one]\n[two three]\n')
    const c = await cli(['clean', '--yes', '--outputs'], { env: t.env, cwd: t.dir })
    assert.equal(c.code, 0, c.stderr)
    assert.deepEqual(readdirSync(t.dir).filter((f) => !f.startsWith('.')).sort(), ['args.sbatch'])
    const dir = await cli(['submit-file', '--qtype', 'slurm', t.dir], { env: t.env, cwd: t.dir })
    assert.equal(dir.code, 2, dir.stderr)
    assert.match(dir.stderr, /is a directory, not a job script/)
  })

  it('clean removes exactly what pcluster wrote, and keeps the files of a live job', async () => {
    const t = testEnv()
    writeFileSync(join(t.dir, 'results.cluster.out'), 'precious, not pcluster\'s')
    writeFileSync(join(t.dir, 'notes.txt'), 'mine')
    const r = await bash(`
      a=$(pcluster submit --qtype slurm --parsable --name results 'echo done')
      b=$(pcluster submit --qtype slurm --parsable --name live --begin now+1hour 'true')
      echo "$a $b"
      pcluster wait --quiet "$a"`, { env: t.env, cwd: t.dir })
    const [a, b] = track(r.stdout).trim().split(' ')
    assert.equal(r.code, 0, r.stderr)
    const before = readdirSync(t.dir).sort()
    assert.ok(before.includes('results_2.cluster.sbatch'), before.join(' ')) // the user's results.cluster.out was not reused
    const refused = await cli(['clean'], { env: t.env, cwd: t.dir })
    assert.equal(refused.code, 2)
    assert.match(refused.stderr, /without --yes/)
    assert.deepEqual(readdirSync(t.dir).sort(), before)
    const dry = await cli(['clean', '--dry-run'], { env: t.env, cwd: t.dir })
    assert.equal(dry.stdout, 'results_2.cluster.sbatch\nresults_2.cluster.out\nresults_2.cluster.err\nresults_2.cluster.end\n')
    const done = await cli(['clean', '--yes'], { env: t.env, cwd: t.dir })
    assert.equal(done.code, 0, done.stderr)
    assert.match(done.stderr, new RegExp(`keeping the files of job ${b} \\(live\\): job ${b} is pending`))
    assert.deepEqual(readdirSync(t.dir).sort(), ['.pcluster-manifest.jsonl', '.state', 'live.cluster.sbatch', 'notes.txt', 'results.cluster.out'])
    assert.equal(readFileSync(join(t.dir, 'results.cluster.out'), 'utf8'), 'precious, not pcluster\'s')
    execFileSync('scancel', [b!])
    await eventually(async () => {
      const c = await cli(['clean', '--yes'], { env: t.env, cwd: t.dir })
      return c.stderr.includes('deleted 1 files') ? true : undefined
    }, 30_000, `job ${b} to leave the queue`)
    assert.deepEqual(readdirSync(t.dir).sort(), ['.state', 'notes.txt', 'results.cluster.out'])
    void a
  })
})
