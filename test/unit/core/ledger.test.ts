// The per-user ledger: day files that `queue` reads for the time it shows, and records pruned after keep_days
// (never one of a job that may still be live). The clock is the `now` handed in, and records are dated by
// their submit time, so nothing here waits.
import assert from 'node:assert/strict'
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { markJobsCleaned, pruneJobs, recallJobs, recentJobs, recordedIds, recordJob, type LedgerEntry } from '../../../src/core/ledger.js'
import { testEnv } from '../../helpers.js'

const DAY = 86400_000
const scope = { name: 'slurm', idsPerHost: false }

/** A private state dir, and a job recorded `age` ms before `now` whose end record exists when `ended`. */
function ledger() {
  const t = testEnv()
  process.env.XDG_STATE_HOME = t.state
  const record = (id: string, at: number, ended: boolean): LedgerEntry => {
    const end = join(t.dir, `${id}.end`)
    if (ended) writeFileSync(end, '0\n')
    const entry = { backend: 'slurm', id, name: `j${id}`, script: '', out: '', err: '', end, dir: t.dir, cwd: t.dir, depends: [],
      submittedAt: new Date(at).toISOString() }
    recordJob(scope, entry)
    return entry
  }
  return { t, record }
}

const ids = async (m: Promise<Map<string, unknown>>) => [...(await m).keys()].sort()

describe('the ledger keeps [jobs] keep_days', () => {
  it('after keep_days the record of an ended job is gone; one that may be live stays; younger ones stay', async () => {
    const now = Date.now()
    const { record } = ledger()
    record('1', now - 20 * DAY, true) // ended long ago
    record('2', now - 20 * DAY, false) // no end record: may still run
    record('3', now - 13 * DAY, true)
    record('4', now - 3600_000, true)
    assert.deepEqual(pruneJobs(scope, { now: new Date(now), keepDays: 14 }), ['1'])
    assert.deepEqual(await ids(recallJobs(scope, ['1', '2', '3', '4'])), ['2', '3', '4'])
    // the one kept is still found by its id and in the whole list, under its own submit time
    assert.deepEqual(await ids(recentJobs(scope, undefined)), ['2', '3', '4'])
    assert.deepEqual(await ids(recentJobs(scope, new Date(now - DAY))), ['4'])
  })
  it('a record with no end record goes once the scheduler shows the job is not live, and never while it is', async () => {
    const now = Date.now()
    const { record } = ledger()
    record('5', now - 20 * DAY, false)
    record('6', now - 20 * DAY, false)
    assert.deepEqual(pruneJobs(scope, { now: new Date(now), keepDays: 14, isLive: (id) => id === '6' }), ['5'])
    assert.deepEqual(await ids(recallJobs(scope, ['5', '6'])), ['6'])
    // carried over, it is looked at again keep_days later
    assert.deepEqual(pruneJobs(scope, { now: new Date(now + 15 * DAY), keepDays: 14, isLive: () => true }), [])
    assert.deepEqual(pruneJobs(scope, { now: new Date(now + 30 * DAY), keepDays: 14, isLive: () => false }), ['6'])
  })
  it('keep_days = 0 keeps everything', async () => {
    const now = Date.now()
    const { record } = ledger()
    record('7', now - 400 * DAY, true)
    assert.deepEqual(pruneJobs(scope, { now: new Date(now), keepDays: 0 }), [])
    assert.deepEqual(await ids(recallJobs(scope, ['7'])), ['7'])
  })
  it('goes a few days at a time: no call takes the whole backlog', async () => {
    const now = Date.now()
    const { record } = ledger()
    for (let d = 20; d < 30; d++) record(String(d), now - d * DAY, true)
    assert.equal(pruneJobs(scope, { now: new Date(now), keepDays: 14, maxDays: 3 }).length, 3)
    assert.equal(pruneJobs(scope, { now: new Date(now), keepDays: 14, maxDays: 100 }).length, 7)
  })
})

describe('the ledger for queue', () => {
  it('lists the jobs of the days asked for; one cleaned stays, with no end record path', async () => {
    const now = Date.now()
    const { record } = ledger()
    record('1', now - 5 * DAY, true)
    record('2', now - 60_000, true)
    record('3', now - 30_000, true)
    await markJobsCleaned(scope, ['3'])
    const day = await recentJobs(scope, new Date(now - DAY))
    assert.deepEqual([...day.keys()].sort(), ['2', '3'])
    assert.equal(day.get('3')!.end, '', 'a later job of the same name may write a file of that name')
    assert.ok(day.get('3')!.cleanedAt)
    assert.deepEqual(await ids(recentJobs(scope, new Date(now - 7 * DAY))), ['1', '2', '3'])
  })
  it('clean keeps the record of an id (its batch system) until keep_days prunes it', async () => {
    const now = Date.now()
    const { record } = ledger()
    record('7', now - 20 * DAY, false) // no end record left: clean took it
    record('8', now - 60_000, true)
    await markJobsCleaned(scope, ['7'], new Date(now - 19 * DAY))
    await markJobsCleaned(scope, ['8', '9'], new Date(now))
    const kept = await recallJobs(scope, ['7', '8', '9'])
    assert.deepEqual([...kept.keys()].sort(), ['7', '8'], 'an id never recorded gets no record')
    assert.equal(kept.get('8')!.backend, 'slurm')
    assert.equal(kept.get('8')!.end, '')
    // a cleaned job has ended: past keep_days its record goes, though it has no end record to show it
    assert.deepEqual(pruneJobs(scope, { now: new Date(now), keepDays: 14, maxDays: 10 }), ['7'])
    assert.deepEqual(await ids(recallJobs(scope, ['7', '8'])), ['8'])
  })
  it('a job cleaned today that was submitted days ago is not among the ids recorded since yesterday', async () => {
    const now = Date.now()
    const { record } = ledger()
    record('5', now - 3 * DAY, true)
    record('6', now - 60_000, true)
    await markJobsCleaned(scope, ['5', '6'])
    assert.deepEqual(recordedIds(scope, { since: new Date(now - DAY) }), ['6'])
  })
  it('finds the records of a pcluster without day files (one file per job) the first time', async () => {
    const { t } = ledger()
    const dir = join(t.state, 'pcluster', 'jobs', 'slurm')
    mkdirSync(dir, { recursive: true })
    const at = new Date(Date.now() - 2 * 3600_000).toISOString()
    writeFileSync(join(dir, '41.json'), JSON.stringify({ id: '41', name: 'old', end: '/x', script: '/s', submittedAt: at }))
    assert.deepEqual(await ids(recentJobs(scope, new Date(Date.now() - DAY))), ['41'])
    assert.ok(readdirSync(join(dir, 'days')).some((f) => f.endsWith('.jsonl')))
  })
})
