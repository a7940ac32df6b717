import assert from 'node:assert/strict'
import { appendFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { FileTail } from '../../../src/core/filetail.js'
import { testEnv } from '../../helpers.js'

const readAll = (tail: FileTail) => Buffer.concat([...tail.read()]).toString()

describe('FileTail', () => {
  it('reads nothing while the file is missing, then only what was added since the last read', () => {
    const path = join(testEnv().dir, 'job.out')
    const tail = new FileTail(path)
    assert.equal(readAll(tail), '')
    writeFileSync(path, 'one\n')
    assert.equal(readAll(tail), 'one\n')
    assert.equal(readAll(tail), '')
    appendFileSync(path, 'two\n')
    assert.equal(readAll(tail), 'two\n')
  })
  it('a file written anew (shorter than what was read) is read from its start, as tail -f does after truncation', () => {
    const path = join(testEnv().dir, 'job.out')
    writeFileSync(path, 'a long first line\n')
    const tail = new FileTail(path)
    assert.equal(readAll(tail), 'a long first line\n')
    writeFileSync(path, 'new\n')
    assert.equal(readAll(tail), 'new\n')
  })
  it('a large file comes in pieces of at most 1 MiB', () => {
    const path = join(testEnv().dir, 'big.out')
    writeFileSync(path, Buffer.alloc(2.5 * 1024 * 1024, 'x'))
    const pieces = [...new FileTail(path).read()]
    assert.deepEqual(pieces.map((p) => p.length), [1048576, 1048576, 524288])
  })
})
