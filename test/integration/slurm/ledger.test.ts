// Each id keeps its batch system, on the project's own test Slurm (so that detection picks Slurm): a local job
// cleaned and then waited on is still the local job, from the CLI and from code; an id pcluster never submitted
// that is another user's Slurm job is refused, naming its owner; and `queue` shows the jobs Slurm killed for a
// failed dependency as such (accounting's history by time leaves them out), cleaned or not.
import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { after, it } from 'node:test'
import { cli, eventually, HAVE_SLURM, NO_SLURM, suite, testEnv, type TestEnv } from '../../helpers.js'
import { stopAfterwards } from '../local/env.js'

const skip = !HAVE_SLURM && NO_SLURM
const submitted: string[] = []
after(() => { if (HAVE_SLURM && submitted.length) spawnSync('scancel', submitted, { stdio: 'ignore' }) })

/** A private environment with a local queue beside the test Slurm, which detection finds first. */
function bothEnv(): TestEnv {
  const t = testEnv()
  writeFileSync(t.config, '[local]\ncores = 2\nidle = 5\n')
  return stopAfterwards(t)
}

interface Listed { id: string; qtype: string; state: string; name: string }

suite('slurm: an id keeps its batch system', { skip }, () => {
  it('a local job that failed, cleaned, then waited on with Slurm detected: the local failure (exit 1)', async () => {
    const t = bothEnv()
    const run = (args: string[]) => cli(args, { env: t.env, cwd: t.dir })
    const id = (await run(['submit', '--qtype', 'local', '--parsable', '--name', 'cleaned-local', 'exit 97'])).stdout.trim()
    assert.match(id, /^\d+$/)
    assert.equal((await run(['wait', id])).code, 1)
    const c = await run(['clean', '--yes'])
    assert.equal(c.code, 0, c.stderr)
    assert.match(c.stderr, /deleted \d+ files of 1 job/)
    const w = await run(['wait', '--json', id])
    assert.equal(w.code, 1, w.stderr)
    const [s] = JSON.parse(w.stdout) as { state: string; exitCode: number }[]
    assert.deepEqual([s!.state, s!.exitCode], ['failed', 97])
    assert.match(w.stderr, new RegExp(`job ${id} \\(cleaned-local\\) failed`))
  })

  it('from code, wait(id) finds the local job where Slurm is what detection finds', async () => {
    const t = bothEnv()
    const id = (await cli(['submit', '--qtype', 'local', '--parsable', 'exit 96'], { env: t.env, cwd: t.dir })).stdout.trim()
    const saved = { ...process.env }
    Object.assign(process.env, { PCLUSTER_CONFIG: t.config, XDG_STATE_HOME: t.state, PCLUSTER_QTYPE: '' })
    try {
      const { wait, getClusterEnvironment, Queue } = await import('pcluster')
      assert.equal(await getClusterEnvironment(), 'slurm')
      const [s] = await wait(id)
      assert.deepEqual([s!.state, s!.exitCode], ['failed', 96])
      const q = new Queue()
      const [again] = await q.wait(id)
      assert.equal(again!.state, 'failed')
      assert.equal(q.backend.name, 'local', 'a Queue given ids takes their system')
    } finally {
      process.env = saved
    }
  })

  it("an id pcluster never submitted that is another user's Slurm job: exit 2, naming the owner", { skip: process.getuid?.() !== 0 && 'needs root, to submit as nobody' }, async () => {
    const t = testEnv()
    // a job of another user: nobody's, in a folder nobody may write to
    const id = execFileSync('su', ['nobody', '-s', '/bin/sh', '-c', 'cd /tmp && sbatch --parsable -o /dev/null --wrap true'], { env: t.env, encoding: 'utf8' }).trim()
    submitted.push(id)
    // the test Slurm's accounting files a job of a user it has no association for under uid 0 until it ends
    // (seen on 22.05: `sacct -j` says root while nobody's job is pending or running): waited for until it says nobody
    await eventually(() => execFileSync('sacct', ['-X', '-n', '-P', '-o', 'User', '-j', id], { encoding: 'utf8' }).trim() === 'nobody' || undefined,
      60_000, `accounting to show job ${id} as nobody's`)
    const w = await cli(['wait', id], { env: t.env, cwd: t.dir })
    assert.equal(w.code, 2, w.stderr)
    assert.match(w.stderr, new RegExp(`Slurm job ${id} belongs to user nobody, not to you \\(root\\): pcluster submitted no job ${id} from this account`))
  })

  it('queue shows a job Slurm killed for a failed dependency as dependency_never_satisfied, also after clean', async () => {
    const t = testEnv()
    const run = (args: string[]) => cli(args, { env: t.env, cwd: t.dir })
    const name = `child${process.pid}${Date.now() % 100000}`
    const parent = (await run(['submit', '--qtype', 'slurm', '--parsable', '--name', 'parent', 'exit 1'])).stdout.trim()
    const child = (await run(['submit', '--qtype', 'slurm', '--parsable', '--name', name, '--depends', parent, 'true'])).stdout.trim()
    submitted.push(parent, child)
    const w = await run(['wait', child])
    assert.equal(w.code, 1, w.stderr)
    assert.match(w.stderr, /will never run/)
    const listed = async () => {
      const q = await run(['queue', '--json', '--since', '1h', '--name', name])
      assert.equal(q.code, 0, q.stderr)
      return (JSON.parse(q.stdout) as Listed[]).filter((j) => j.id === child).map((j) => [j.qtype, j.state])
    }
    assert.deepEqual(await listed(), [['slurm', 'dependency_never_satisfied']])
    const c = await run(['clean', '--yes'])
    assert.equal(c.code, 0, c.stderr)
    assert.match(c.stderr, /deleted \d+ files of 2 jobs/)
    assert.deepEqual(await listed(), [['slurm', 'dependency_never_satisfied']], 'cleaned, the job is still listed')
  })
})
