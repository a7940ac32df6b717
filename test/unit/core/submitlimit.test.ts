// The throttle learns the site's submit limit from a refusal (core/queue.ts whenRoom): the submission is held
// back while that many jobs are queued and sent again once one leaves; a refusal with none queued is no limit
// to wait out. Slurm's words for such a refusal: test/fixtures/slurm/sbatch-submit-limit.stderr (the reason line
// sbatch prints before slurm_errno.c's ESLURM_ACCOUNTING_POLICY message).
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import type { Backend } from '../../../src/backends/types.js'
import { submitLimit } from '../../../src/backends/slurm/submit.js'
import { SchedulerError } from '../../../src/core/errors.js'
import { Queue } from '../../../src/core/queue.js'
import { FIXTURES, testEnv } from '../../helpers.js'

const refusal = () => new SchedulerError('SUBMIT_LIMIT', 'refused at the submit limit', { argv: ['sbatch'] })

describe('a submit limit learnt from a refusal', () => {
  it("Slurm's submit-limit reasons are told from its size and time limits, which the same message covers", () => {
    assert.equal(submitLimit(readFileSync(join(FIXTURES, 'slurm', 'sbatch-submit-limit.stderr'), 'utf8')), 'QOSMaxSubmitJobPerUserLimit')
    assert.equal(submitLimit('sbatch: error: AssocMaxSubmitJobLimit\n'), 'AssocMaxSubmitJobLimit')
    assert.equal(submitLimit(readFileSync(join(FIXTURES, 'slurm', 'sbatch-qos-walltime.stderr'), 'utf8')), undefined)
    assert.equal(submitLimit(readFileSync(join(FIXTURES, 'slurm', 'sbatch-bad-partition.stderr'), 'utf8')), undefined)
  })

  it('holds the submission while the learnt number of jobs is queued, sends it again when one leaves, said once', async () => {
    process.env.XDG_STATE_HOME = testEnv().state
    let queued = 3
    const counts: number[] = []
    const backend = { name: 'fake', idsPerHost: false, status: async () => new Map(), activeCount: async () => { counts.push(queued); return queued } } as unknown as Backend
    let tries = 0
    const said: number[] = []
    const id = await new Queue(backend).whenRoom('me', 0, async () => {
      tries++
      if (queued >= 3) throw refusal()
      return 'job-7'
    }, undefined, 1000, {
      refused: (e) => e instanceof SchedulerError && e.code === 'SUBMIT_LIMIT',
      onLimit: (_e, count) => { said.push(count); queued = 2 }, // a job leaves while it waits
    })
    assert.equal(id, 'job-7')
    assert.equal(tries, 2)
    assert.deepEqual(said, [3])
  })

  it('a limit learnt too low (jobs left between the refusal and the count; the rest never leave) is asked again at the longest pause', async () => {
    process.env.XDG_STATE_HOME = testEnv().state
    // the site allows 25; the refusal came at 25, but 3 quick jobs ended before the count, and 22 held ones stay
    let queued = 25
    const backend = { name: 'fake3', idsPerHost: false, status: async () => new Map(), activeCount: async () => queued } as unknown as Backend
    let tries = 0
    const id = await new Queue(backend).whenRoom('me', 0, async () => {
      tries++
      if (queued >= 25) { queued = 22; throw refusal() }
      return 'job-8'
    }, undefined, 1000, { refused: (e) => e instanceof SchedulerError && e.code === 'SUBMIT_LIMIT', onLimit: () => undefined })
    assert.equal(id, 'job-8')
    assert.equal(tries, 2)
  })

  it('a refusal with none of the user\'s jobs queued, or without waiting for limits, fails at once', async () => {
    process.env.XDG_STATE_HOME = testEnv().state
    const backend = { name: 'fake2', idsPerHost: false, status: async () => new Map(), activeCount: async () => 0 } as unknown as Backend
    const limit = { refused: () => true, onLimit: () => assert.fail('no limit to wait out') }
    await assert.rejects(new Queue(backend).whenRoom('me', 0, async () => { throw refusal() }, undefined, 1000, limit), /refused at the submit limit/)
    await assert.rejects(new Queue(backend).whenRoom('me', 5, async () => { throw refusal() }), /refused at the submit limit/)
  })
})
