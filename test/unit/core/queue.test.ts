// Queue.wait's own logic, driven by an in-memory Backend (the core's interface, not a fake scheduler
// command): one status call per poll whatever the number of jobs, transient failures retried without
// changing any state, and a job absent everywhere becoming `unknown` only after the grace period.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DIRECTIVES } from '../../../src/backends/slurm/directives.js'
import { ids as slurmIds } from '../../../src/backends/slurm/ids.js'
import { info as slurmInfo } from '../../../src/backends/slurm/info.js'
import type { Backend } from '../../../src/backends/types.js'
import { TransientError } from '../../../src/core/errors.js'
import { blankStatus } from '../../../src/core/outcome.js'
import { Queue } from '../../../src/core/queue.js'
import type { JobState, JobStatus } from '../../../src/core/states.js'
import { existsSync } from 'node:fs'
import { eventually, testEnv } from '../../helpers.js'

function memoryBackend(script: (poll: number, ids: readonly string[]) => Map<string, JobStatus> | 'fail') {
  let polls = 0
  const backend: Backend & { polls: () => number } = {
    ...slurmInfo, directives: DIRECTIVES, scriptExtension: 'sbatch', ids: { ...slurmIds, parse: (t) => t },
    detect: async () => true, renderScript: () => '', submitArgv: () => [],
    submit: async () => '1', queue: async () => [], activeCount: async () => 0, cancel: async () => ({ unknown: [], ended: [] }),
    async status(ids) {
      const answer = script(++polls, ids)
      if (answer === 'fail') throw new TransientError('squeue exited 1: Socket timed out', { argv: ['squeue'] })
      return answer
    },
    polls: () => polls,
  }
  return backend
}

const st = (id: string, state: JobState, exitCode: number | null = null): JobStatus =>
  ({ ...blankStatus(id, state), rawState: state.toUpperCase(), exitCode })

describe('Queue.wait', () => {
  it('waits on 1,000 jobs with one status call per poll', async () => {
    process.env.XDG_STATE_HOME = testEnv().state
    const ids = Array.from({ length: 1000 }, (_, i) => String(i + 1))
    const backend = memoryBackend((poll, asked) =>
      new Map(asked.map((id) => [id, poll < 3 ? st(id, 'running') : st(id, 'completed', 0)])))
    const result = await new Queue(backend).wait(ids, { pollMinMs: 1, pollMaxMs: 2 })
    assert.equal(backend.polls(), 3)
    assert.equal(result.length, 1000)
    assert.ok(result.every((s) => s.state === 'completed'))
  })

  it('a transient scheduler failure is retried and changes no state', async () => {
    process.env.XDG_STATE_HOME = testEnv().state
    const seen: string[] = []
    const backend = memoryBackend((poll, asked) =>
      poll === 2 || poll === 3 ? 'fail' : new Map(asked.map((id) => [id, poll === 1 ? st(id, 'running') : st(id, 'failed', 2)])))
    const result = await new Queue(backend).wait(['5'], {
      pollMinMs: 1, pollMaxMs: 2, onProgress: (p) => seen.push(`${Object.keys(p.counts).join()}${p.trouble ? ' trouble' : ''}`),
    })
    assert.deepEqual(seen, ['running', 'running trouble', 'running trouble', 'failed'])
    assert.deepEqual([result[0]!.state, result[0]!.exitCode], ['failed', 2])
  })

  it('gives up after too many failures in a row, with the scheduler error', async () => {
    process.env.XDG_STATE_HOME = testEnv().state
    const backend = memoryBackend(() => 'fail')
    await assert.rejects(new Queue(backend).wait(['5'], { pollMinMs: 1, pollMaxMs: 1, maxFailures: 3 }), TransientError)
    assert.equal(backend.polls(), 3)
  })

  it('a job pcluster submitted, absent from the scheduler with no end record, is unknown only after its absentGraceMs', async () => {
    process.env.XDG_STATE_HOME = testEnv().state
    const { recordJob } = await import('../../../src/core/ledger.js')
    const backend = memoryBackend(() => new Map())
    recordJob(backend, { backend: 'slurm', id: '9', name: 'j9', script: '', out: '', err: '', end: '/nonexistent/9.end', dir: '', cwd: '',
      depends: [], submittedAt: new Date().toISOString() })
    const started = Date.now()
    // a stranger's grace of 0 and a default of a minute: only the absentGraceMs asked for ends this wait after 300 ms;
    // the signal ends it otherwise, the job still pending
    const [s] = await new Queue(backend).wait(['9'], {
      pollMinMs: 100, pollMaxMs: 100, absentGraceMs: 300, strangerGraceMs: 0, signal: AbortSignal.timeout(20_000) })
    const took = Date.now() - started
    assert.equal(s!.state, 'unknown', `still ${s!.state} after ${took} ms: its grace of 300 ms was not applied`)
    assert.ok(took >= 300, `unknown after ${took} ms, before its grace of 300 ms`)
    assert.ok(backend.polls() > 2)
  })

  it('an id pcluster never submitted is unknown after strangerGraceMs, not absentGraceMs', async () => {
    process.env.XDG_STATE_HOME = testEnv().state
    const backend = memoryBackend(() => new Map())
    const started = Date.now()
    const [s] = await new Queue(backend).wait(['10'], {
      pollMinMs: 100, pollMaxMs: 100, absentGraceMs: 3_600_000, strangerGraceMs: 300, signal: AbortSignal.timeout(20_000) })
    const took = Date.now() - started
    assert.equal(s!.state, 'unknown', `still ${s!.state} after ${took} ms: its grace of 300 ms was not applied`)
    assert.ok(took >= 300, `unknown after ${took} ms, before its grace of 300 ms`)
    assert.match(s!.reason, /has no record of a job 10, and pcluster did not submit one/)
  })

  it('a job that shows up late (accounting lag) is not declared unknown', async () => {
    process.env.XDG_STATE_HOME = testEnv().state
    const backend = memoryBackend((poll, asked) => (poll < 4 ? new Map() : new Map(asked.map((id) => [id, st(id, 'completed', 0)]))))
    const [s] = await new Queue(backend).wait(['9'], { pollMinMs: 1, pollMaxMs: 1, absentGraceMs: 10_000 })
    assert.equal(s!.state, 'completed')
  })
})

describe('a dependant that vanished', () => {
  it('a job gone from the scheduler with no end record, after a parent that failed, will never run: said at once', async () => {
    process.env.XDG_STATE_HOME = testEnv().state
    const { recordJob } = await import('../../../src/core/ledger.js')
    const backend = memoryBackend((_, asked) => new Map(asked.filter((id) => id === '7').map((id) => [id, st(id, 'failed', 1)])))
    const entry = (id: string, depends: string[]) => ({ backend: 'slurm', id, name: `j${id}`, script: '', out: '', err: '',
      end: `/nonexistent/${id}.end`, dir: '', cwd: '', depends, submittedAt: new Date().toISOString() })
    recordJob(backend, entry('7', []))
    recordJob(backend, entry('8', ['7']))
    recordJob(backend, entry('9', []))
    // a grace of an hour: only the new rule can end this wait
    const [eight] = await new Queue(backend).wait(['8'], { pollMinMs: 1, pollMaxMs: 2, absentGraceMs: 3_600_000 })
    assert.deepEqual([eight!.state, eight!.blockedBy], ['dependency_never_satisfied', '7'])
    // without a failed parent it stays a job with no word yet (here: unknown once its short grace is over)
    const [nine] = await new Queue(backend).wait(['9'], { pollMinMs: 1, pollMaxMs: 2, absentGraceMs: 50 })
    assert.equal(nine!.state, 'unknown')
  })
})

describe('waiting on end records', () => {
  it("a job's end record brings the next poll forward: the wait ends without waiting out the back-off", { timeout: 60_000 }, async () => {
    const t = testEnv()
    process.env.XDG_STATE_HOME = t.state
    const { recordJob } = await import('../../../src/core/ledger.js')
    const { writeFileSync } = await import('node:fs')
    const end = `${t.dir}/job.cluster.end`
    // the scheduler says running until the job's end record exists; then (one poll later) completed
    const backend = memoryBackend((_, asked) => new Map(asked.map((id) => [id, existsSync(end) ? st(id, 'completed', 0) : st(id, 'running')])))
    recordJob(backend, { backend: 'slurm', id: '41', name: 'job', script: '', out: '', err: '', end, dir: t.dir, cwd: t.dir,
      depends: [], submittedAt: new Date().toISOString() })
    const seen: string[] = []
    // the first pause between polls is ten minutes: only the end record can end this wait within the test's timeout
    const waiting = new Queue(backend).wait(['41'], {
      pollMinMs: 600_000, pollMaxMs: 600_000, endTickMs: 20, onProgress: (p) => seen.push(Object.keys(p.counts).join()),
    })
    await eventually(() => (seen.length ? true : undefined), 10_000, 'the first poll')
    writeFileSync(end, `exit_code=0\nstart=${Math.floor(Date.now() / 1000)}\nend=${Math.floor(Date.now() / 1000)}\n`)
    const [s] = await waiting
    assert.equal(s!.state, 'completed')
    assert.deepEqual(seen, ['running', 'completed'])
    assert.equal(backend.polls(), 2, 'the scheduler is asked once more, no more')
  })

  it('jobs pcluster did not submit have no end record to watch: the back-off alone decides', async () => {
    process.env.XDG_STATE_HOME = testEnv().state
    const backend = memoryBackend((poll, asked) => new Map(asked.map((id) => [id, poll < 3 ? st(id, 'running') : st(id, 'completed', 0)])))
    const [s] = await new Queue(backend).wait(['77'], { pollMinMs: 1, pollMaxMs: 2, endTickMs: 1 })
    assert.equal(s!.state, 'completed')
    assert.equal(backend.polls(), 3)
  })
})

describe('Queue.list and pcluster\'s own records', () => {
  it('fills in a job the scheduler does not list yet (accounting lag), unless the system lists every job at once', async () => {
    process.env.XDG_STATE_HOME = testEnv().state
    const { recordJob } = await import('../../../src/core/ledger.js')
    const { currentUser } = await import('../../../src/core/user.js')
    const listed = (extra: Partial<Backend>) => {
      const backend = { ...memoryBackend(() => new Map()), queue: async () => [st('1', 'running')], ...extra } as Backend
      recordJob(backend, { backend: backend.name, id: '2', name: 'lagging', script: '', out: '', err: '', end: '', dir: '', cwd: '',
        depends: [], submittedAt: new Date().toISOString() })
      return new Queue(backend).list({ user: currentUser() }).then((jobs) => jobs.map((j) => j.id))
    }
    assert.deepEqual(await listed({}), ['1', '2'])
    assert.deepEqual(await listed({ listsAtOnce: true }), ['1'])
  })
})
