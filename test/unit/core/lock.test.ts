import assert from 'node:assert/strict'
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { withLock } from '../../../src/core/lock.js'
import { testEnv } from '../../helpers.js'

describe('withLock', () => {
  it('lets one holder in at a time', async () => {
    const path = join(testEnv().dir, 'x.lock')
    let inside = 0
    let most = 0
    await Promise.all(Array.from({ length: 8 }, () => withLock(path, async () => {
      most = Math.max(most, ++inside)
      await new Promise((r) => setTimeout(r, 5))
      inside--
    })))
    assert.equal(most, 1)
    assert.equal(existsSync(path), false)
  })
  it('breaks the lock of a dead process on this host', async () => {
    const path = join(testEnv().dir, 'x.lock')
    writeFileSync(path, `${hostname()}:999999:dead\n`)
    assert.equal(await withLock(path, async () => readFileSync(path, 'utf8').startsWith(`${hostname()}:${process.pid}:`), 2000), true)
  })
  it('never breaks the lock of a live process that keeps it fresh', async () => {
    const path = join(testEnv().dir, 'x.lock')
    writeFileSync(path, `${hostname()}:${process.ppid}:alive\n`)
    await assert.rejects(withLock(path, async () => undefined, 300), /waited 0.3 s for the lock/)
    assert.equal(readFileSync(path, 'utf8'), `${hostname()}:${process.ppid}:alive\n`)
  })
  it('breaks a lock not refreshed for two minutes even if its pid is alive again (reused)', async () => {
    const path = join(testEnv().dir, 'x.lock')
    writeFileSync(path, `${hostname()}:${process.ppid}:reused\n`)
    utimesSync(path, new Date(0), new Date(0))
    assert.equal(await withLock(path, async () => 'in', 2000), 'in')
  })
  it('breaks a lock from another host once it has not been refreshed for two minutes', async () => {
    const path = join(testEnv().dir, 'x.lock')
    writeFileSync(path, 'elsewhere:1:x\n')
    await assert.rejects(withLock(path, async () => undefined, 200), /waited/)
    utimesSync(path, new Date(0), new Date(0))
    assert.equal(await withLock(path, async () => 'in', 2000), 'in')
  })
})
