// `pcluster output ID` of a job that ran on the project's own test Slurm: its stdout and stderr from the files
// pcluster recorded, read in another folder, the id's batch system taken from pcluster's record.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { after, it } from 'node:test'
import { cli, HAVE_SLURM, NO_SLURM, suite, testEnv } from '../../helpers.js'

const skip = !HAVE_SLURM && NO_SLURM
const submitted: string[] = []
after(() => { if (HAVE_SLURM && submitted.length) spawnSync('scancel', submitted, { stdio: 'ignore' }) })

suite('slurm: pcluster output', { skip }, () => {
  it("prints a finished job's stdout and, with --err, its stderr", async () => {
    const t = testEnv({ PCLUSTER_QTYPE: 'slurm' })
    const run = (args: string[], cwd = t.dir) => cli(args, { env: t.env, cwd })
    const s = await run(['submit', '--parsable', '--name', 'said', 'echo "on $(hostname)"; echo to-err >&2'])
    assert.equal(s.code, 0, s.stderr)
    const id = s.stdout.trim()
    submitted.push(id)
    assert.equal((await run(['wait', id])).code, 0)
    const out = await run(['output', id], '/')
    assert.equal(out.code, 0, out.stderr)
    assert.match(out.stdout, /^on \S+\n$/)
    assert.deepEqual(await run(['output', '--err', id], '/'), { code: 0, stdout: 'to-err\n', stderr: '' })
  })
})
