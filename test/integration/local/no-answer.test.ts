// A local queue daemon that does not answer (stopped with SIGSTOP): a submit says so after a few seconds, gives
// up after a bounded time, and says whether its job may have been queued all the same.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { cli } from '../../helpers.js'
import { localEnv } from './env.js'

/** Short patience, so that the test need not wait the default 5 s and 60 s. */
const PATIENCE = { PCLUSTER_LOCAL_NOTICE: '1', PCLUSTER_LOCAL_TIMEOUT: '3' }

const jobIds = async (t: ReturnType<typeof localEnv>) =>
  (JSON.parse((await cli(['queue', '--json'], { env: t.env, cwd: t.dir })).stdout) as { id: string }[]).map((j) => j.id)

describe('local queue: a daemon that does not answer', () => {
  it('stopped before the submit: said after the notice time, given up after the timeout, nothing queued', async () => {
    const t = localEnv(1)
    assert.equal((await cli(['local', 'start'], { env: t.env, cwd: t.dir })).code, 0)
    const { pid } = JSON.parse((await cli(['local', 'status', '--json'], { env: t.env, cwd: t.dir })).stdout) as { pid: number }
    process.kill(pid, 'SIGSTOP')
    try {
      const started = Date.now()
      const s = await cli(['submit', '--parsable', 'true'], { env: { ...t.env, ...PATIENCE }, cwd: t.dir })
      const took = Date.now() - started
      assert.equal(s.code, 1, s.stderr)
      assert.equal(s.stdout, '')
      assert.match(s.stderr, new RegExp(`pcluster: the local queue daemon \\(pid ${pid}\\) has not answered for 1 s; still waiting up to 3 s \\(its log: .*daemon\\.log\\)\\n`))
      assert.match(s.stderr, new RegExp(`pcluster: the local queue daemon \\(pid ${pid}\\) did not answer within 3 s: nothing was asked of it\\n`))
      assert.match(s.stderr, new RegExp(`hint: is it stopped \\(kill -STOP, Ctrl-Z\\) or stuck\\? kill -CONT ${pid} resumes`))
      assert.ok(took < 20_000, `submit took ${took} ms`)
    } finally {
      process.kill(pid, 'SIGCONT')
    }
    assert.deepEqual(await jobIds(t), [])
  })

  it('stopped after it queued the job, before answering: the give-up says the job may have been queued, and it was', async () => {
    const t = localEnv(1)
    // a daemon that stops itself between committing a job and answering its id
    assert.equal((await cli(['local', 'start'], { env: { ...t.env, PCLUSTER_TEST_DAEMON_STALL: 'submitted' }, cwd: t.dir })).code, 0)
    const { pid } = JSON.parse((await cli(['local', 'status', '--json'], { env: t.env, cwd: t.dir })).stdout) as { pid: number }
    try {
      const s = await cli(['submit', '--parsable', 'true'], { env: { ...t.env, ...PATIENCE }, cwd: t.dir })
      assert.equal(s.code, 1, s.stderr)
      assert.match(s.stderr, new RegExp(`pcluster: the local queue daemon \\(pid ${pid}\\) did not answer the submit within 3 s: the job may have been queued all the same\\n`))
      assert.match(s.stderr, /hint: check pcluster queue once it answers, before submitting the job again/)
    } finally {
      process.kill(pid, 'SIGCONT')
    }
    assert.equal((await jobIds(t)).length, 1)
  })
})
