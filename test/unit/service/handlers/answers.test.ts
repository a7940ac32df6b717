// Handlers return their typed answers (the server sends them), refuse with a code of the one union, and any
// error reaches the client with a code that says what failed.
import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import Database from 'better-sqlite3'
import { errorResponse, ServiceError } from '../../../../src/service/errors.js'
import type { HandlerContext } from '../../../../src/service/handlers/context.js'
import { HANDLERS } from '../../../../src/service/handlers/index.js'
import { Loop } from '../../../../src/service/loop.js'
import { Store } from '../../../../src/service/store.js'

const spec = { name: 'n', script: '/s', out: '/o', err: '/e', end: '/x', cwd: '/', env: {}, cores: 1, mem: null, time: null, depends: [] }

function context(): HandlerContext & { store: Store } {
  const store = new Store(join(mkdtempSync(join(tmpdir(), 'pcluster-answers-')), 'store.db'))
  const capacity = { cores: 2, mem: 1000 }
  const loop = new Loop(store, { capacity, stopGraceMs: 1000 }, () => undefined)
  loop.halt() // nothing starts: the answers are what is tested
  return { store, loop, capacity, configured: { cores: null, mem: null }, gpuSource: 'none' } as unknown as HandlerContext & { store: Store }
}

describe('handlers return their answers', () => {
  it('submit answers submitted with the id and files, cancel cancelled, release released, status statuses', () => {
    const ctx = context()
    const submitted = HANDLERS.submit({ type: 'submit', job: { ...spec, hold: true } }, ctx)
    assert.deepEqual(submitted, { type: 'submitted', id: '1', job: { name: 'n', out: '/o', err: '/e', end: '/x' } })
    assert.deepEqual(HANDLERS.release({ type: 'release', ids: ['1', '9'] }, ctx), { type: 'released', ids: ['1'], unknown: ['9'] })
    assert.deepEqual(HANDLERS.cancel({ type: 'cancel', ids: ['1', '9'] }, ctx), { type: 'cancelled', ids: ['1'], unknown: ['9'], ended: [] })
    const statuses = HANDLERS.status({ type: 'status', ids: ['1'] }, ctx)
    assert.deepEqual([statuses.type, statuses.jobs.map((j) => [j.id, j.state])], ['statuses', [['1', 'cancelled']]])
    ctx.store.close()
  })

  it('a refusal is a ServiceError with its code, the exit code of a usage error', () => {
    const ctx = context()
    assert.throws(() => HANDLERS.submit({ type: 'submit', job: { ...spec, cores: 8 }, settings: { cores: null, mem: null, strict: true } }, ctx),
      (e: unknown) => e instanceof ServiceError && e.code === 'TOO_BIG' && e.exitCode === 2)
    assert.throws(() => HANDLERS.submit({ type: 'submit', job: { ...spec, depends: ['afterok:5'] } }, ctx),
      (e: unknown) => e instanceof ServiceError && e.code === 'NO_SUCH_JOB')
    ctx.store.close()
  })
})

describe('errorResponse', () => {
  it('keeps a service error\'s code and hint, says a usage error; a store fault, an OS fault and a bug each by their own code', () => {
    assert.deepEqual(errorResponse(new ServiceError('TOO_BIG', 'too big', { exitCode: 2, hint: 'ask for less' })),
      { type: 'error', code: 'TOO_BIG', message: 'too big', hint: 'ask for less', usage: true })
    const db = new Database(':memory:')
    let sqlite: unknown
    try { db.exec('SELECT * FROM nowhere') } catch (e) { sqlite = e }
    assert.equal(errorResponse(sqlite).code, 'STORE_FAILED')
    const os = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28 })
    assert.equal(errorResponse(os).code, 'OS_ERROR')
    assert.deepEqual(errorResponse(new TypeError('x is undefined')), { type: 'error', code: 'INTERNAL', message: 'x is undefined', hint: undefined, usage: false })
  })
})
