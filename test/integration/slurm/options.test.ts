// The HPC keywords (issue 14) on the project's own test Slurm, read back as Slurm itself holds them
// (`scontrol show job`), not only as the script says: held jobs, so nothing runs before it is looked at. A QOS
// and a reservation are created for the test and deleted after (the reservation a year ahead, on one core, so
// that other jobs keep running meanwhile).
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, it } from 'node:test'
import { spawnSync } from 'node:child_process'
import { cli, HAVE_SLURM, NO_SLURM, suite, testEnv } from '../../helpers.js'

const skip = !HAVE_SLURM && NO_SLURM
const submitted: string[] = []
const QOS = `pcl_opts_${process.pid}`
const RESV = `pcl_opts_r_${process.pid}`
// creating a QOS or a reservation takes Slurm's administrator: as another user the QOS is left out and the
// reservation test skipped (the Slurm tests run for any user once root has started the test Slurm)
const ADMIN = process.getuid?.() === 0

const run = (argv: string[]) => spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8' })

/** `scontrol show job ID` as KEY=VALUE pairs (a value ends at the next ` KEY=`; Comment keeps its spaces). */
function showJob(id: string): Map<string, string> {
  const text = run(['scontrol', 'show', 'job', id]).stdout
  const fields = new Map<string, string>()
  for (const m of text.matchAll(/(?:^|\s)([A-Za-z/:]+)=(.*?)(?=\s+[A-Za-z/:]+=|\s*$)/gm)) fields.set(m[1]!, m[2]!.trim())
  return fields
}

async function submit(t: ReturnType<typeof testEnv>, flags: string[], command = 'true'): Promise<string> {
  const r = await cli(['submit', '--qtype', 'slurm', '--parsable', ...flags, command], { env: t.env, cwd: t.dir })
  assert.equal(r.code, 0, r.stderr)
  const id = r.stdout.trim()
  submitted.push(id)
  return id
}

before(() => {
  if (!HAVE_SLURM || !ADMIN) return
  assert.equal(run(['sacctmgr', '-i', 'add', 'qos', QOS]).status, 0, 'sacctmgr add qos')
})

after(() => {
  if (!HAVE_SLURM) return
  if (submitted.length) run(['scancel', ...submitted])
  run(['sacctmgr', '-i', 'delete', 'qos', QOS])
  run(['scontrol', 'delete', `ReservationName=${RESV}`])
})

suite('slurm: the HPC keywords as Slurm reads them', { skip }, () => {
  it('tasks, exclusive, mem-per-cpu, qos, hold, requeue, mail, nice, comment and an --extra directive, in scontrol show job', async () => {
    const t = testEnv()
    const id = await submit(t, ['--hold', '--tasks', '2', '--tasks-per-node', '2', '--exclusive', '--mem-per-cpu', '100M', ...(ADMIN ? ['--qos', QOS] : []),
      '--requeue', '--mail', 'begin,fail', '--mail-user', 'me@example.org', '--nice', '7', '--comment', 'hello there', '--extra', '--time-min=5', '--time', '1:00:00'],
    'echo ran > ran.txt')
    const job = showJob(id)
    assert.equal(job.get('JobState'), 'PENDING')
    assert.equal(job.get('Reason'), 'JobHeldUser')
    assert.equal(job.get('NumTasks'), '2')
    assert.equal(job.get('OverSubscribe'), 'NO') // --exclusive
    assert.equal(job.get('MinMemoryCPU'), '100M')
    if (ADMIN) assert.equal(job.get('QOS'), QOS)
    assert.equal(job.get('Requeue'), '1')
    assert.equal(job.get('MailUser'), 'me@example.org')
    assert.equal(job.get('MailType'), 'BEGIN,FAIL')
    assert.equal(job.get('Nice'), '7')
    assert.equal(job.get('Comment'), 'hello there')
    assert.equal(job.get('TimeMin'), '00:05:00') // the --extra directive
    // held: it does not run until released, and then it does
    const q = JSON.parse((await cli(['queue', '--json', '--qtype', 'slurm'], { env: t.env, cwd: t.dir })).stdout) as { id: string; state: string }[]
    assert.equal(q.find((j) => j.id === id)?.state, 'held')
    const rel = await cli(['release', id], { env: t.env, cwd: t.dir })
    assert.equal(rel.code, 0, rel.stderr)
    assert.match(rel.stderr, new RegExp(`released 1 job \\(slurm\\): ${id}`))
    const w = await cli(['wait', id], { env: t.env, cwd: t.dir })
    assert.equal(w.code, 0, w.stderr)
    assert.equal(readFileSync(join(t.dir, 'ran.txt'), 'utf8'), 'ran\n')
  })

  it('--tasks-per-node and --mem (per node) as Slurm holds them; --mem-per-cpu from the command line replaces a profile\'s --mem', async () => {
    const t = testEnv()
    const per = showJob(await submit(t, ['--hold', '--tasks-per-node', '2', '--cores', '1']))
    assert.equal(per.get('NumTasks'), '2')
    assert.match(per.get('NtasksPerN:B:S:C') ?? '', /^2:/)
    const { writeFileSync } = await import('node:fs')
    writeFileSync(t.config, '[prof_big]\nmem = 300M\n')
    const job = showJob(await submit(t, ['--hold', '--profile', 'big', '--mem-per-cpu', '50M']))
    assert.equal(job.get('MinMemoryCPU'), '50M')
  })

  it('--reservation: the job is in it', { skip: !ADMIN && 'creating a reservation takes Slurm\'s administrator (root)' }, async () => {
    const made = run(['scontrol', 'create', 'reservation', `ReservationName=${RESV}`, 'StartTime=now+365days', 'Duration=1', `Users=${process.env.USER ?? 'root'}`, 'CoreCnt=1', 'Nodes=ALL'])
    assert.equal(made.status, 0, made.stderr)
    try {
      const t = testEnv()
      const id = await submit(t, ['--hold', '--reservation', RESV])
      assert.equal(showJob(id).get('Reservation'), RESV)
      run(['scancel', id])
    } finally {
      run(['scontrol', 'delete', `ReservationName=${RESV}`])
    }
  })

  it('--signal reaches the command itself before the time limit (its trap runs), not only srun steps', async () => {
    const t = testEnv()
    // Slurm sends it within a minute of the time asked (its check runs about once a minute): 110 s before a 2 min limit
    const id = await submit(t, ['--time', '2', '--signal', 'USR1@110'], 'trap "echo warned > warned.txt; exit 0" USR1; sleep 300 & wait')
    const w = await cli(['wait', id], { env: t.env, cwd: t.dir })
    assert.equal(w.code, 0, w.stderr)
    assert.equal(readFileSync(join(t.dir, 'warned.txt'), 'utf8'), 'warned\n')
  })

  it('a program started by the command gets the signal too, and the job ends with its own exit code', async () => {
    const t = testEnv()
    const py = 'import signal,sys,time\nsignal.signal(signal.SIGUSR1, lambda *a: (open("got.txt","w").write("got"), sys.exit(3)))\ntime.sleep(300)\n'
    const id = await submit(t, ['--time', '2', '--signal', 'USR1@110'], `python3 -c '${py}'`)
    const w = await cli(['wait', id], { env: t.env, cwd: t.dir })
    assert.equal(w.code, 1)
    assert.match(w.stderr, /failed with exit code 3/)
    assert.ok(existsSync(join(t.dir, 'got.txt')))
  })

  it('--gpus reaches sbatch (this test node has none: sbatch refuses the gres, exit 1, its reason said)', async () => {
    const t = testEnv()
    const r = await cli(['submit', '--qtype', 'slurm', '--gpus', '1', 'true'], { env: t.env, cwd: t.dir })
    assert.equal(r.code, 1)
    assert.match(r.stderr, /Invalid generic resource \(gres\) specification/)
  })

  it('release of an id Slurm does not know: exit 1, naming it', async () => {
    const t = testEnv()
    const r = await cli(['release', '--qtype', 'slurm', '99999999'], { env: t.env, cwd: t.dir })
    assert.equal(r.code, 1)
    assert.match(r.stderr, /Slurm has no job 99999999/)
  })
})
