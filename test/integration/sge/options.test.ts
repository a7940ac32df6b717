// The HPC keywords (issue 14) on the project's own test Grid Engine, read back as the qmaster holds them
// (`qstat -j`), on held jobs; then released and run; --signal as the soft limit s_rt, whose SIGUSR1 Grid Engine
// sends to the job's whole process group: the command's trap runs, pcluster's wrapper survives it.
import assert from 'node:assert/strict'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, it } from 'node:test'
import { spawnSync } from 'node:child_process'
import { cli, suite, testEnv } from '../../helpers.js'
import { HAVE_SGE, NO_SGE, sgeEnv } from './ours.js'

const skip = !HAVE_SGE && NO_SGE
const SGE = sgeEnv()
const env = () => testEnv(SGE)
const submitted: string[] = []
const reservations: string[] = []
const run = (argv: string[]) => spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', env: { ...process.env, ...SGE } })

after(() => {
  if (!HAVE_SGE) return
  if (submitted.length) run(['qdel', ...submitted])
  if (reservations.length) run(['qrdel', ...reservations])
})

/** `qstat -j ID` as field -> value (`hard resource_list:   h_rt=3600,...`). */
function qstatJ(id: string): Map<string, string> {
  const fields = new Map<string, string>()
  for (const m of run(['qstat', '-j', id]).stdout.matchAll(/^([a-z_ ]+):\s+(.*)$/gm)) fields.set(m[1]!.trim(), m[2]!.trim())
  return fields
}

async function submit(t: ReturnType<typeof env>, flags: string[], command = 'true'): Promise<string> {
  const r = await cli(['submit', '--qtype', 'sge', '--parsable', ...flags, command], { env: t.env, cwd: t.dir })
  assert.equal(r.code, 0, r.stderr)
  const id = r.stdout.trim()
  submitted.push(id)
  return id
}

suite('sge: the HPC keywords as Grid Engine reads them', { skip, concurrency: true }, () => {
  it('tasks, mem-per-cpu, hold, requeue, mail, nice, comment, signal and an --extra directive, in qstat -j; released, it runs', async () => {
    const t = env()
    const id = await submit(t, ['--hold', '--tasks', '2', '--mem-per-cpu', '100M', '--requeue', '--mail', 'begin,end', '--mail-user', 'me@example.org',
      '--nice', '5', '--comment', 'hello there', '--time', '1:00:00', '--signal', 'USR1@120', '--extra', '-l h_stack=8M'], 'echo ran > ran.txt')
    const job = qstatJ(id)
    assert.equal(job.get('parallel environment'), 'mpi range: 2')
    assert.deepEqual(job.get('hard resource_list')?.split(',').sort(), ['h_rt=3600', 'h_stack=8M', 'h_vmem=100M', 's_rt=3480'])
    assert.equal(job.get('restart'), 'y')
    assert.equal(job.get('mail_options'), 'be')
    assert.equal(job.get('mail_list'), 'me@example.org')
    assert.equal(job.get('priority'), '-5')
    assert.equal(job.get('context'), 'comment=hello there')
    assert.match(job.get('scheduling info') ?? '', /hold state/)
    const q = JSON.parse((await cli(['queue', '--json', '--qtype', 'sge'], { env: t.env, cwd: t.dir })).stdout) as { id: string; state: string }[]
    assert.equal(q.find((j) => j.id === id)?.state, 'held')
    const rel = await cli(['release', id], { env: t.env, cwd: t.dir })
    assert.equal(rel.code, 0, rel.stderr)
    assert.match(rel.stderr, new RegExp(`released 1 job \\(sge\\): ${id}`))
    const w = await cli(['wait', id], { env: t.env, cwd: t.dir })
    assert.equal(w.code, 0, w.stderr)
    assert.equal(readFileSync(join(t.dir, 'ran.txt'), 'utf8'), 'ran\n')
  })

  it('--signal USR1@S: the command\'s trap runs at s_rt, and the job ends with the command\'s own exit code', async () => {
    const t = env()
    // h_rt 60 s, s_rt 10 s
    const id = await submit(t, ['--time', '1:00', '--signal', 'USR1@50'], 'trap "echo warned > warned.txt; exit 4" USR1; sleep 55 & wait')
    const w = await cli(['wait', id], { env: t.env, cwd: t.dir })
    assert.equal(w.code, 1)
    assert.match(w.stderr, /failed with exit code 4/)
    assert.equal(readFileSync(join(t.dir, 'warned.txt'), 'utf8'), 'warned\n')
  })

  it('--reservation: an advance reservation by its number (qrsub), read by qsub', async () => {
    const made = run(['qrsub', '-a', '203001010000', '-d', '3600'])
    const ar = /advance reservation (\d+) has been granted/.exec(made.stdout)?.[1]
    assert.ok(ar, made.stdout + made.stderr)
    reservations.push(ar)
    try {
      const t = env()
      const id = await submit(t, ['--hold', '--reservation', ar, '--time', '10'])
      assert.equal(qstatJ(id).get('ar_id'), ar)
      // qsub itself checks the job against it: a job longer than the reservation is refused, its reason said
      const long = await cli(['submit', '--qtype', 'sge', '--reservation', ar, '--time', '2:00:00', 'true'], { env: t.env, cwd: t.dir })
      assert.equal(long.code, 1)
      assert.match(long.stderr, /longer than duration of the advance reservation/)
      run(['qdel', id])
    } finally {
      run(['qrdel', ar])
    }
  })

  it('--gpus: refused without [sge] gpu_resource (exit 2, nothing written); with it, asked as that consumable', async () => {
    const t = env()
    const no = await cli(['submit', '--qtype', 'sge', '--gpus', '1', 'true'], { env: t.env, cwd: t.dir })
    assert.equal(no.code, 2)
    assert.match(no.stderr, /\[sge\] gpu_resource = gpu/)
    assert.equal(existsSync(join(t.dir, 'true.cluster.sge')), false)
    // this Grid Engine has no such consumable: qsub refuses it by name, which shows the request reached it
    writeFileSync(t.config, '[sge]\ngpu_resource = gpu\n')
    const yes = await cli(['submit', '--qtype', 'sge', '--gpus', '1', 'true'], { env: t.env, cwd: t.dir })
    assert.equal(yes.code, 1)
    assert.match(yes.stderr, /unknown resource "gpu"/)
  })

  it('release of an id Grid Engine does not know: exit 1, naming it', async () => {
    const t = env()
    const r = await cli(['release', '--qtype', 'sge', '99999'], { env: t.env, cwd: t.dir })
    assert.equal(r.code, 1)
    assert.match(r.stderr, /Grid Engine has no job 99999/)
  })
})
