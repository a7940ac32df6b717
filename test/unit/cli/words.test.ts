import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { count } from '../../../src/cli/words.js'

describe('count', () => {
  it('puts the noun in the number the count needs (clean said "deleted 1 files of 1 jobs")', () => {
    assert.deepEqual([count(0, 'file'), count(1, 'file'), count(2, 'job'), count(1, 'output file')], ['0 files', '1 file', '2 jobs', '1 output file'])
  })
})
