// What only Slurm has, end to end on the project's own test Slurm (test/integration/slurm/start-slurm.sh):
// quoting through sbatch, its refusals, its rounding of --time, %x/%j in its output paths, submit-file with
// #SBATCH lines. The flow every batch system shares (pipelines, a failing chain, queue --json, profiles,
// refusals, clean) is test/integration/whole-flow/ (scenarios.ts, a file per system).
import assert from 'node:assert/strict'
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { it, after } from 'node:test'
import { spawnSync } from 'node:child_process'
import { bash, cli, eventually, HAVE_SLURM, NO_SLURM, suite, testEnv } from '../../helpers.js'

const skip = !HAVE_SLURM && NO_SLURM
const submitted: string[] = []
const track = (ids: string) => { submitted.push(...ids.split(/\s+/).filter((w) => /^\d+$/.test(w))); return ids }

after(() => {
  // jobs a test left pending (never-satisfiable dependencies, future begin times) must not linger
  if (HAVE_SLURM && submitted.length) spawnSync('scancel', submitted, { stdio: 'ignore' })
})

suite('slurm: quoting', { skip }, () => {
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

suite('slurm: refusals', { skip }, () => {
  it("more memory than any node has: sbatch's own error in one line, exit 1", async () => {
    const t = testEnv()
    const mem = await cli(['submit', '--qtype', 'slurm', '--mem', '999G', 'true'], { env: t.env, cwd: t.dir })
    assert.equal(mem.code, 1)
    assert.match(mem.stderr, /sbatch refused the job: .*(node configuration|memory)/i)
  })
})

suite('slurm: output patterns and notices', { skip }, () => {
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

suite('slurm: submit-file', { skip }, () => {
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

  it('submit-file --cores 2 --time 7 --name over: the command line overrides the script\'s #SBATCH lines, as sbatch does', async () => {
    const t = testEnv()
    writeFileSync(join(t.dir, 'small.sbatch'), '#!/bin/bash\n#SBATCH --cpus-per-task=1\n#SBATCH --time=3\n#SBATCH --job-name=own\necho ran\n')
    // held, so that scontrol shows it whatever the test Slurm's load; cancelled after
    const r = await cli(['submit-file', '--qtype', 'slurm', '--parsable', '--hold', '--cores', '2', '--time', '7', '--name', 'over', 'small.sbatch'],
      { env: t.env, cwd: t.dir })
    const id = track(r.stdout).trim()
    assert.equal(r.code, 0, r.stderr)
    const show = spawnSync('scontrol', ['show', 'job', id], { encoding: 'utf8', env: t.env })
    assert.match(show.stdout, /\bCPUs\/Task=2\b/)
    assert.match(show.stdout, /\bTimeLimit=00:07:00\b/)
    assert.match(show.stdout, /\bJobName=over\b/)
    const q = await cli(['queue', '--qtype', 'slurm', '--json', '--name', 'over'], { env: t.env, cwd: t.dir })
    assert.ok((JSON.parse(q.stdout) as { id: string }[]).some((j) => j.id === id), q.stdout)
  })
})
