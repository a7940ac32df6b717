// What only Grid Engine has, end to end on the project's own test Grid Engine (test/integration/sge/start-sge.sh):
// values qsub cannot read back, a parallel environment the site lacks, afterok for submit-file jobs and for
// parents pcluster did not submit. The flow every batch system shares (pipelines, a failing chain, queue --json,
// profiles, refusals, clean) is test/integration/whole-flow/ (scenarios.ts, a file per system).
import assert from 'node:assert/strict'
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { it, after } from 'node:test'
import { spawnSync } from 'node:child_process'
import { bash, cli, suite, testEnv } from '../../helpers.js'
import { HAVE_SGE, NO_SGE, sgeEnv } from './ours.js'

const skip = !HAVE_SGE && NO_SGE
const SGE = sgeEnv()
const env = () => testEnv({ ...SGE, PCLUSTER_QTYPE: 'sge' })
const submitted: string[] = []
const track = (ids: string) => { submitted.push(...ids.split(/\s+/).filter((w) => /^\d+$/.test(w))); return ids }

after(() => {
  // jobs a test left waiting must not linger
  if (HAVE_SGE && submitted.length) spawnSync('qdel', submitted, { stdio: 'ignore', env: { ...process.env, ...SGE } })
})

suite('sge: refusals', { skip, concurrency: true }, () => {
  it('a value qsub cannot read back in a directive is refused, nothing written', async () => {
    const t = env()
    const quote = await cli(['submit', '--partition', 'a"b', 'true'], { env: t.env, cwd: t.dir })
    assert.equal(quote.code, 2)
    assert.match(quote.stderr, /cannot read a " or \\/)
    assert.deepEqual(readdirSync(t.dir).filter((f) => f.includes('.cluster.')), [])
  })

  it('--cores with a parallel environment the site lacks: one line naming it, where to set [sge] pe, and the ones there are', async () => {
    const t = env()
    writeFileSync(t.config, '[sge]\npe = nosuchpe\n')
    const r = await cli(['submit', '--cores', '2', 'true'], { env: t.env, cwd: t.dir })
    assert.equal(r.code, 1)
    assert.equal(r.stderr, `pcluster: Grid Engine has no parallel environment "nosuchpe" (--cores 2 asks for one): set pe = NAME under [sge] in ${t.config}, NAME being one of this site's: make mpi smp\n`)
    assert.deepEqual(readdirSync(t.dir).filter((f) => f.includes('.cluster.')), [])
    // one core needs no parallel environment: the same config submits
    const one = await cli(['submit', '--parsable', '--wait', 'true'], { env: t.env, cwd: t.dir })
    track(one.stdout)
    assert.equal(one.code, 0, one.stderr)
  })
})

/** A job submitted with Grid Engine's own qsub, not pcluster: no end record, no ledger entry. */
function bareQsub(dir: string, command: string): string {
  const r = spawnSync('qsub', ['-terse', '-S', '/bin/bash', '-cwd', '-o', '/dev/null', '-j', 'y', '-N', 'bare'], { input: `${command}\n`, cwd: dir, env: { ...process.env, ...SGE }, encoding: 'utf8' })
  assert.equal(r.status, 0, r.stderr)
  return track(r.stdout.trim())
}

suite('sge: afterok beyond pcluster\'s own scripts', { skip, concurrency: true }, () => {
  it('submit-file after a failing job never runs the script; one that runs gets its arguments, its own #$ lines and an end record', async () => {
    const t = env()
    writeFileSync(join(t.dir, 'mine.sh'), '#!/bin/sh\n#$ -S /bin/sh\n#$ -N mine -cwd\n#$ -o mine.log -j y\nprintf "[%s]\\n" "$@" "$JOB_NAME"\necho ran >> ran.txt\nexit 3\n')
    const r = await bash(`
      bad=$(pcluster submit --parsable --name first 'exit 5')
      never=$(pcluster submit-file --parsable --depends "$bad" mine.sh one 'two three')
      ok=$(pcluster submit --parsable 'true')
      runs=$(pcluster submit-file --parsable --depends "$ok" mine.sh one 'two three')
      echo "$bad $never $ok $runs"
      pcluster wait "$never" "$runs" || echo "rc=$?"`, { env: t.env, cwd: t.dir })
    const [, never, , runs] = track(r.stdout).trim().split(/\s+/)
    assert.match(r.stdout, /rc=1/, r.stderr)
    assert.match(r.stderr, new RegExp(`job ${never} \\(mine\\) will never run: job \\d+, which it depends on, did not succeed`))
    assert.match(r.stderr, new RegExp(`job ${runs} \\(mine\\) failed with exit code 3`))
    // the script ran once, the one after the job that succeeded, as it is: its arguments, its -N, -o and -j
    assert.equal(readFileSync(join(t.dir, 'ran.txt'), 'utf8'), 'ran\n')
    assert.equal(readFileSync(join(t.dir, 'mine.log'), 'utf8'), '[one]\n[two three]\n[mine]\n')
    assert.match(readFileSync(join(t.dir, `mine.sh.${never}.pcluster.end`), 'utf8'), /state=dependency_never_satisfied/)
    assert.match(readFileSync(join(t.dir, `mine.sh.${runs}.pcluster.end`), 'utf8'), /^exit_code=3$/m)
    // clean knows the end records (and keeps the outputs, which are results)
    const c = await cli(['clean', '--yes'], { env: t.env, cwd: t.dir })
    assert.equal(c.code, 0, c.stderr)
    assert.deepEqual(readdirSync(t.dir).filter((f) => !f.startsWith('.') && f !== 'config.ini').sort(), ['mine.log', 'mine.sh', 'ran.txt'])
  })

  it('a job after a failing submit-file job never runs (the wrapper\'s end record says how the script ended)', async () => {
    const t = env()
    writeFileSync(join(t.dir, 'fails.sh'), '#$ -cwd -o /dev/null -j y\nexit 4\n')
    const r = await bash(`
      a=$(pcluster submit-file --parsable fails.sh)
      b=$(pcluster submit --parsable --name after --depends "$a" 'echo ran > never.txt')
      echo "$a $b"
      pcluster wait "$b" || echo "rc=$?"`, { env: t.env, cwd: t.dir })
    const [a] = track(r.stdout).trim().split(/\s+/)
    assert.match(r.stdout, /rc=1/, r.stderr)
    assert.match(r.stderr, new RegExp(`\\(after\\) will never run: job ${a}, which it depends on, did not succeed`))
    assert.ok(!existsSync(join(t.dir, 'never.txt')))
  })

  it('parents pcluster did not submit: accounting decides; an id Grid Engine never had is refused, nothing submitted', async () => {
    const t = env()
    const failed = bareQsub(t.dir, 'exit 2')
    const good = bareQsub(t.dir, 'true')
    const r = await bash(`
      never=$(pcluster submit --parsable --name never --depends ${failed} 'echo ran > never.txt')
      runs=$(pcluster submit --parsable --name runs --depends ${good} 'echo ran > runs.txt')
      echo "$never $runs"
      pcluster wait "$never" "$runs" || echo "rc=$?"`, { env: t.env, cwd: t.dir })
    track(r.stdout)
    assert.match(r.stdout, /rc=1/, r.stderr)
    assert.match(r.stderr, new RegExp(`\\(never\\) will never run: job ${failed}, which it depends on, did not succeed`))
    assert.ok(!existsSync(join(t.dir, 'never.txt')), 'ran after a failed parent')
    assert.equal(readFileSync(join(t.dir, 'runs.txt'), 'utf8'), 'ran\n')
    const unknown = await cli(['submit', '--name', 'orphan', '--depends', '999999', 'true'], { env: t.env, cwd: t.dir })
    assert.equal(unknown.code, 2, unknown.stderr)
    assert.match(unknown.stderr, /^pcluster: --depends 999999: Grid Engine has no such job, neither queued nor in its accounting of the last 30 days, and would ignore the dependency\n/)
    assert.deepEqual(readdirSync(t.dir).filter((f) => f.startsWith('orphan')), [])
  })
})

suite('sge: a command is never read as directives', { skip, concurrency: true }, () => {
  it("a command with a line '#$ -N x' keeps pcluster's name for the job (qstat -j), and runs byte for byte", async () => {
    const t = env()
    // qsub reads #$ lines anywhere in a script (checked on 8.1.9): these, read, would rename the job and lose its output
    const lines = '#$ -N x\n#$ -o /dev/null -j y\n| kept\n'
    const command = `until [ -e go ]; do sleep 0.1; done\ncat <<'EOF'\n${lines}EOF`
    const r = await cli(['submit', '--json', '--name', 'mine', command], { env: t.env, cwd: t.dir })
    assert.equal(r.code, 0, r.stderr)
    const job = JSON.parse(r.stdout) as { id: string; out: string }
    track(job.id)
    const q = spawnSync('qstat', ['-j', job.id], { env: t.env, encoding: 'utf8' })
    assert.equal(q.status, 0, q.stderr)
    assert.match(q.stdout, /^job_name: +mine$/m)
    writeFileSync(join(t.dir, 'go'), '')
    const w = await cli(['wait', job.id], { env: t.env, cwd: t.dir })
    assert.equal(w.code, 0, w.stderr)
    assert.equal(readFileSync(job.out, 'utf8'), lines)
  })
})

suite('sge: submit-file options', { skip }, () => {
  it('submit-file --time 7 --name over: the command line overrides the script\'s #$ lines, as qsub does', async () => {
    const t = env()
    writeFileSync(join(t.dir, 'small.sh'), '#!/bin/sh\n#$ -N own -cwd\n#$ -l h_rt=0:03:00\necho ran\n')
    // held, so that qstat -j shows it whatever the load; deleted after
    const r = await cli(['submit-file', '--parsable', '--hold', '--time', '7', '--name', 'over', 'small.sh'], { env: t.env, cwd: t.dir })
    const id = track(r.stdout).trim()
    assert.equal(r.code, 0, r.stderr)
    const show = spawnSync('qstat', ['-j', id], { encoding: 'utf8', env: { ...process.env, ...SGE } })
    assert.match(show.stdout, /^job_name:\s+over$/m, show.stdout)
    assert.match(show.stdout, /h_rt=420\b/, show.stdout)
  })
})
