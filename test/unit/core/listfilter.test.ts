// What `queue` lists (Queue.list), driven by an in-memory Backend: live jobs and those that ended in the last
// day by default, as squeue/sacct show them; --since and --all for more; names by glob and a partition,
// matched by pcluster after the scheduler's answer; the user's ledger pruned on the way.
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { DIRECTIVES } from '../../../src/backends/slurm/directives.js'
import { ids as slurmIds } from '../../../src/backends/slurm/ids.js'
import { info as slurmInfo } from '../../../src/backends/slurm/info.js'
import type { Backend, QueueFilter } from '../../../src/backends/types.js'
import { UsageError } from '../../../src/core/errors.js'
import { recallJobs, recordJob } from '../../../src/core/ledger.js'
import { globRegExp } from '../../../src/core/listfilter.js'
import { blankStatus } from '../../../src/core/outcome.js'
import { Queue } from '../../../src/core/queue.js'
import type { JobState, JobStatus } from '../../../src/core/states.js'
import { currentUser } from '../../../src/core/user.js'
import { testEnv } from '../../helpers.js'

const HOUR = 3600_000
const ago = (ms: number) => new Date(Date.now() - ms).toISOString()
const job = (id: string, name: string, state: JobState, partition: string, endedAt: string | null): JobStatus =>
  ({ ...blankStatus(id, state), rawState: state.toUpperCase(), name, partition, user: currentUser(), endedAt })

/** A scheduler that answers more than asked (as one with no time filter of its own), and says what it was asked. */
function backendWith(jobs: JobStatus[]) {
  const asked: QueueFilter[] = []
  const backend: Backend = {
    ...slurmInfo, directives: DIRECTIVES, scriptExtension: 'sbatch', ids: { ...slurmIds, parse: (t) => t },
    detect: async () => true, renderScript: () => '', submitArgv: () => [], submit: async () => '1',
    status: async () => new Map(), activeCount: async () => 0, cancel: async () => ({ unknown: [], ended: [] }),
    async queue(filter) { asked.push(filter); return jobs },
  }
  return { backend, asked }
}

const JOBS = [
  job('1', 'align1', 'running', 'long', null),
  job('2', 'align2', 'completed', 'short', ago(2 * HOUR)),
  job('3', 'sort', 'failed', 'short', ago(3 * 24 * HOUR)),
  job('4', 'sort', 'pending', 'long,short', null),
]

const list = async (filter: Partial<Parameters<Queue['list']>[0]>) => {
  process.env.XDG_STATE_HOME = testEnv().state
  const { backend, asked } = backendWith(JOBS)
  const jobs = await new Queue(backend).list({ user: currentUser(), ...filter })
  return { ids: jobs.map((j) => j.id), asked }
}

describe('Queue.list', () => {
  it('by default: live jobs and those that ended in the last day, asking the scheduler for the last day', async () => {
    const { ids, asked } = await list({})
    assert.deepEqual(ids, ['1', '2', '4'])
    assert.ok(Math.abs(asked[0]!.since!.getTime() - (Date.now() - 24 * HOUR)) < 60_000)
  })
  it('--since and --all show more', async () => {
    assert.deepEqual((await list({ since: new Date(Date.now() - 7 * 24 * HOUR) })).ids, ['1', '2', '3', '4'])
    assert.deepEqual((await list({ since: new Date(Date.now() - HOUR) })).ids, ['1', '4'])
    const all = await list({ since: null })
    assert.deepEqual([all.ids, all.asked[0]!.all], [['1', '2', '3', '4'], true])
  })
  it('a since that is no date, or before 1970, is bad usage before the scheduler is asked (the library\'s way to an internal error)', async () => {
    for (const since of [new Date(NaN), new Date(-1), new Date(Date.now() - 9999999999 * 86400_000)])
      await assert.rejects(list({ since }), (e: unknown) => e instanceof UsageError && e.exitCode === 2 && /from 1970-01-01 on/.test(e.message))
  })
  it('--name is a glob over the whole name; --partition one partition of a job', async () => {
    assert.deepEqual((await list({ name: 'align*', since: null })).ids, ['1', '2'])
    assert.deepEqual((await list({ name: 'align', since: null })).ids, [])
    assert.deepEqual((await list({ name: '?ort', since: null })).ids, ['3', '4'])
    assert.deepEqual((await list({ partition: 'short', since: null })).ids, ['2', '3', '4'])
    assert.deepEqual((await list({ partition: 'long', states: ['pending'] })).ids, ['4'])
  })
  it('prunes the user\'s ledger on the way: a record past keep_days of a job the scheduler does not show as live', async () => {
    process.env.XDG_STATE_HOME = testEnv().state
    const { backend } = backendWith(JOBS)
    const entry = (id: string) => ({ backend: 'slurm', id, name: 'x', script: '', out: '', err: '', end: '/nonexistent/end', dir: '',
      cwd: '', depends: [], submittedAt: ago(20 * 24 * HOUR) })
    recordJob(backend, entry('1')) // still running after 20 days: kept
    recordJob(backend, entry('99')) // gone from the scheduler, no end record: pruned
    await new Queue(backend).list({ user: currentUser(), keepDays: 14 })
    assert.deepEqual([...(await recallJobs(backend, ['1', '99'])).keys()], ['1'])
  })
})

describe('Queue.list and end records', () => {
  it('reads no end record of a job whose system merged it already at its end (the local queue), else reads it', async () => {
    const t = testEnv()
    process.env.XDG_STATE_HOME = t.state
    const end = join(t.dir, 'j.cluster.end')
    writeFileSync(end, 'exit_code=5\nstart=1\nend=2\n') // what the record says now; the system said exit 0 at the end
    const done = { ...job('7', 'j', 'completed', '', ago(HOUR)), exitCode: 0 }
    const states: string[] = []
    for (const readsEndRecords of [true, false]) {
      const { backend } = backendWith([done])
      const b = { ...backend, readsEndRecords }
      recordJob(b, { backend: 'slurm', id: '7', name: 'j', script: '', out: '', err: '', end, dir: t.dir, cwd: t.dir, depends: [], submittedAt: ago(HOUR) })
      states.push((await new Queue(b).list({ user: currentUser() }))[0]!.state)
    }
    assert.deepEqual(states, ['completed', 'failed'])
  })
})

describe('globRegExp', () => {
  it('reads *, ? and [...] as the shell does, everything else literally', () => {
    const m = (g: string, s: string) => globRegExp(g).test(s)
    assert.deepEqual([m('a*', 'abc'), m('a*', 'ba'), m('a?c', 'abc'), m('a.c', 'abc'), m('a.c', 'a.c'), m('[ab]x', 'bx'), m('[!ab]x', 'bx'), m('(x)', '(x)')],
      [true, false, true, false, true, true, false, true])
  })
})
