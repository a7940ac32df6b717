// Error codes are one union: a code written in the source that is not an ErrorCode does not compile (each
// expected error below fails the build as unused when the constructors take any string), while a code read
// back from another pcluster process, a plain string, is still taken.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { FileError, PclusterError, SchedulerError, UsageError } from '../../../src/core/errors.js'

describe('error codes', () => {
  it('a code outside the union does not compile, for every kind of error', () => {
    // @ts-expect-error not an ErrorCode
    assert.equal(new PclusterError('NO_SUCH_CODE', 'm').code, 'NO_SUCH_CODE')
    // @ts-expect-error not an ErrorCode
    assert.equal(new UsageError('BAD_VALEU', 'm').exitCode, 2)
    // @ts-expect-error not an ErrorCode
    assert.equal(new SchedulerError('SUBMIT_REFUSD', 'm', { argv: [] }).exitCode, 1)
    // @ts-expect-error not an ErrorCode
    assert.equal(new FileError('CANT_WRITE', 'm', { path: '/x' }).path, '/x')
  })

  it('a code comparison with a typo does not compile', () => {
    const e = new UsageError('BAD_VALUE', 'm')
    // @ts-expect-error no such code: the comparison can never be true
    assert.equal(e.code === 'BAD_VALEU', false)
    assert.equal(e.code === 'BAD_VALUE', true)
  })

  it('a code read back as a plain string (the local daemon\'s answer) is kept as it came', () => {
    const wire: string = JSON.parse('{"code":"STORE_UNREADABLE"}').code
    assert.equal(new PclusterError(wire, 'm').code, 'STORE_UNREADABLE')
    assert.equal(new UsageError(wire, 'm').code, 'STORE_UNREADABLE')
  })
})
