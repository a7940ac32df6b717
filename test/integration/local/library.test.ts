// The library on the real local queue: python-cluster's manual examples run unchanged, function jobs, and the
// Queue of python-cluster (update, jobs/running/queued/complete, canSubmit, waitToSubmit).
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { functionJobs, runManualExamples } from '../library-flow.js'
import { inEnv, localEnv } from './env.js'

describe('local queue: the library', () => {
  it("python-cluster's manual examples, line for line, run unchanged", async () => {
    await runManualExamples(localEnv(2), 'local')
  })

  it('a function job returns its value; a failing one its remote stack; clean takes their files', async () => {
    const t = localEnv(2)
    await inEnv(t, () => functionJobs(t, 'local'))
  })

  it("job.exitcode, the manual's spelling, is the exit code once the job has ended", async () => {
    const t = localEnv(1)
    await inEnv(t, async () => {
      const { submit } = await import('pcluster')
      const job = await submit('exit 3', { qtype: 'local', cwd: t.dir, name: 'three' })
      assert.equal(job.exitcode, undefined)
      await job.wait()
      assert.equal(job.exitCode, 3)
      assert.equal(job.exitcode, 3)
    })
  })

  it("Queue({ user: 'self' }): jobs by state after update(); canSubmit and waitToSubmit against max_queue_len", async () => {
    const t = localEnv(1)
    await inEnv(t, async () => {
      const { Queue, submit, wait } = await import('pcluster')
      const hold = `${t.dir}/hold`
      const running = await submit(`while [ ! -e ${hold} ]; do sleep 0.1; done`, { qtype: 'local', cwd: t.dir, name: 'running' })
      const queued = await submit('true', { qtype: 'local', cwd: t.dir, name: 'queued' })
      const q = new Queue({ user: 'self', qtype: 'local' })
      const { eventually } = await import('../../helpers.js')
      await eventually(async () => ((await q.update()).running.has(running.id!) ? true : undefined), 60_000, 'the first job to run')
      assert.ok(q.queued.has(queued.id!), [...q.jobs.keys()].join())
      assert.equal(q.jobs.size, 2)
      assert.equal(await q.canSubmit(2), false)
      assert.equal(await q.canSubmit(3), true)
      assert.equal(await q.canSubmit(0), true) // 0: no limit
      const { writeFileSync } = await import('node:fs')
      const waited = q.waitToSubmit(2).then(() => 'room')
      writeFileSync(hold, '')
      assert.equal(await waited, 'room')
      const statuses = await q.wait([running, queued.id!])
      assert.deepEqual(statuses.map((s) => s.state), ['completed', 'completed'])
      await q.update()
      assert.ok(q.complete.has(running.id!) && q.complete.has(queued.id!))
      assert.equal((await wait(running)).length, 1)
      assert.equal(new Queue({ user: 'all' }).user, undefined)
    })
  })
})
