// The daemon's store: ids never reused, and a store written by a released pcluster (or an earlier schema) opens
// with every job kept.
import assert from 'node:assert/strict'
import { copyFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import Database from 'better-sqlite3'
import { startable } from '../../../src/service/runner/scheduler.js'
import { SCHEMA_VERSION, Store } from '../../../src/service/store.js'
import { FIXTURES } from '../../helpers.js'

const spec = { name: 'n', script: '/s', out: '/o.%j', err: '/e.%j', end: '/x.%j', cwd: '/', env: {}, cores: 1, mem: null, time: null, depends: [] }
const temp = () => join(mkdtempSync(join(tmpdir(), 'pcluster-store-')), 'store.db')

describe('Store', () => {
  it('hands out increasing ids as text, fills %j for submit-file jobs, and keeps jobs by (backend, id)', () => {
    const store = new Store(temp())
    const a = store.insertLocal(spec, 'me')
    const b = store.insertLocal({ ...spec, wrap: true }, 'me')
    assert.deepEqual([a.id, b.id, a.backend, a.rawState, a.out, b.out, b.end], ['1', '2', 'local', 'PENDING', '/o.%j', '/o.2', '/x.2'])
    store.update([{ id: a.id, set: { state: 'cancelled', stopCause: 'cancel' } }])
    assert.deepEqual([store.get('1')!.state, store.get('1')!.stopCause, store.get('3')], ['cancelled', 'cancel', undefined])
    store.close()
  })
})

describe('Store: schema 4', () => {
  it('a schema 3 store gets the indexes that find live, recent and old jobs without reading every job', () => {
    const path = temp()
    new Store(path).close()
    const raw = new Database(path)
    raw.exec('DROP INDEX jobs_live; DROP INDEX jobs_ended')
    raw.pragma('user_version = 3')
    raw.close()
    const store = new Store(path)
    store.insertLocal(spec, 'me')
    assert.deepEqual([store.list(['pending']).length, store.recent(new Date()).length, store.prune(new Date()).length], [1, 1, 0])
    store.close()
    const check = new Database(path, { readonly: true })
    const plan = (sql: string) => (check.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' ')
    assert.match(plan("SELECT * FROM jobs WHERE backend = 'local' AND state IN ('pending', 'running')"), /jobs_live/)
    assert.match(plan("SELECT id FROM jobs WHERE backend = 'local' AND ended_at < '2026'"), /jobs_ended/)
    check.close()
  })
})

describe('Store: a store written by pcluster 0.1.0', () => {
  const open = () => {
    const path = temp()
    copyFileSync(join(FIXTURES, 'local', 'store-0.1.0.db'), path)
    return new Store(path)
  }
  it('keeps every job with its id, state and exit code, its stop cause and blocking job as data', () => {
    const store = open()
    const jobs = store.list()
    assert.deepEqual(jobs.map((j) => [j.id, j.name, j.state, j.rawState, j.exitCode]), [
      ['1', 'ok', 'completed', 'COMPLETED', 0], ['2', 'bad', 'failed', 'FAILED', 3],
      ['3', 'never', 'dependency_never_satisfied', 'DEPENDENCY_NEVER_SATISFIED', null], ['4', 'slow', 'timeout', 'TIMEOUT', null],
      ['5', 'running', 'running', 'RUNNING', null], ['6', 'dropped', 'cancelled', 'CANCELLED', null], ['7', 'queued', 'pending', 'PENDING', null]])
    assert.equal(jobs[2]!.blockedBy, '2')
    assert.deepEqual(jobs.map((j) => j.stopCause), [null, null, null, 'timeout', null, null, null])
    assert.deepEqual([jobs[4]!.pid !== null, jobs[6]!.script.endsWith('/queued.cluster.sh'), jobs[6]!.depends], [true, true, []])
    store.close()
  })
  it('the queued job can still start, and new ids continue after the highest', () => {
    const store = open()
    const live = store.list(['pending', 'running'])
    assert.deepEqual(startable(live.filter((j) => j.state === 'pending'), new Map(), { cores: 1, mem: 1000 }), ['7'])
    assert.equal(store.insertLocal(spec, 'me').id, '8')
    store.close()
    const again = new Store(store.path) // migrated once: opening again changes nothing
    assert.deepEqual([again.list().length, again.insertLocal(spec, 'me').id, SCHEMA_VERSION], [8, '9', 6])
    again.close()
  })
})

describe('Store: a store of schema 3 (before memory was enforced)', () => {
  it('keeps its jobs, their order and ids; a job can then be stopped for its memory and its peak kept', () => {
    const path = temp()
    copyFileSync(join(FIXTURES, 'local', 'store-schema3.db'), path)
    const store = new Store(path)
    const jobs = store.list()
    assert.deepEqual(jobs.map((j) => [j.id, j.name, j.state, j.stopCause, j.mem, j.umask, j.maxRss]), [
      ['1', 'ok', 'completed', null, null, 18, null], ['2', 'slow', 'timeout', 'timeout', 100, 18, null],
      ['3', 'queued', 'pending', null, 200, 18, null]])
    // the CHECK of schema 3 refused 'memory': SQLite cannot change it in place, so the table is made again
    store.update([{ id: '3', set: { state: 'out_of_memory', stopCause: 'memory', maxRss: 612 } }])
    assert.deepEqual([store.get('3')!.stopCause, store.get('3')!.maxRss, store.insertLocal(spec, 'me').id], ['memory', 612, '4'])
    store.close()
  })
})

describe('Store: a store of schema 4 (before GPUs and --hold)', () => {
  it('keeps its jobs (no GPUs, none held); a job then keeps its GPUs asked, its devices given and its hold', () => {
    const path = temp()
    copyFileSync(join(FIXTURES, 'local', 'store-schema4.db'), path)
    const store = new Store(path)
    assert.deepEqual(store.list().map((j) => [j.id, j.name, j.state, j.gpus, j.gpuIds, j.held]),
      [['1', 'ok', 'completed', 0, [], false], ['2', 'queued', 'pending', 0, [], false]])
    const g = store.insertLocal({ ...spec, gpus: 2, gpuType: 'a100', hold: true }, 'me')
    assert.deepEqual([g.id, g.gpus, g.gpuType, g.held], ['3', 2, 'a100', true])
    store.update([{ id: '3', set: { held: false } }, { id: '3', set: { state: 'running', gpuIds: ['0', '1'] } }])
    store.close()
    const again = new Store(path) // a restarted daemon finds the devices it gave
    assert.deepEqual([again.get('3')!.gpuIds, again.get('3')!.held, again.get('2')!.held], [['0', '1'], false, false])
    again.close()
    // schema 5's indexes came on the way (4 -> 5 -> 6)
    const db = new Database(path, { readonly: true })
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'jobs' AND sql IS NOT NULL ORDER BY name").pluck().all()
    db.close()
    assert.deepEqual(indexes, ['jobs_ended', 'jobs_live', 'jobs_state'])
  })
})

describe('Store: the id mark kept outside it', () => {
  it('a mark behind the store is raised to it; a mark ahead says which ids were lost, and they are never handed out again', async () => {
    const { IdMark } = await import('../../../src/service/id-mark.js')
    const path = temp()
    const markPath = join(path, '..', 'last-id')
    let store = new Store(path)
    store.insertLocal(spec, 'me')
    assert.equal(store.checkIds(new IdMark(markPath)), undefined)
    assert.equal(new IdMark(markPath).read(), 1)
    store.insertLocal(spec, 'me')
    store.close()
    const mark = new IdMark(markPath)
    mark.advance(5) // as if jobs 3 to 5 had been committed to a -wal since lost
    mark.close()
    store = new Store(path)
    assert.deepEqual(store.checkIds(new IdMark(markPath)), { first: 3, last: 5 })
    assert.deepEqual([store.get('4')!.state, store.get('4')!.rawState], ['unknown', 'LOST'])
    assert.equal(store.insertLocal(spec, 'me').id, '6')
    store.close()
  })

  it('a job that was not committed leaves the mark where it was: its id was never answered, so never lost', async () => {
    const { IdMark } = await import('../../../src/service/id-mark.js')
    const path = temp()
    const store = new Store(path)
    store.checkIds(new IdMark(join(path, '..', 'last-id')))
    store.insertLocal(spec, 'me')
    assert.throws(() => store.insertLocal({ ...spec, wrap: true }, 'me', () => { throw new Error('no room for the copy') }), /no room/)
    assert.equal(new IdMark(join(path, '..', 'last-id')).read(), 1)
    store.close()
  })
})
