// wait --timeout: every duration it takes is in range (no internal error for 50d or 9999999999d), a time
// beyond one timer's reach is waited out in pieces, and the give-up message says the unit.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { longTimeout, parseDuration, spokenDuration } from '../../../src/cli/wait.js'
import { UsageError } from '../../../src/core/errors.js'

describe('wait --timeout', () => {
  it('reads timeout(1)\'s forms, up to 365 days; 0 is no limit', () => {
    assert.equal(parseDuration('90'), 90_000)
    assert.equal(parseDuration('2.5m'), 150_000)
    assert.equal(parseDuration('50d'), 50 * 86_400_000)
    assert.equal(parseDuration('365d'), 365 * 86_400_000)
    assert.equal(parseDuration('0'), undefined)
  })
  it('refuses longer or hostile values as bad usage (exit 2), naming the range', () => {
    for (const v of ['366d', '9999999999d', '99999999999999999999999999999999999', '1e9', '-5', '5 d', 'Infinity', '\u0000', '１０'])
      assert.throws(() => parseDuration(v), (e: unknown) => e instanceof UsageError && e.exitCode === 2 && /up to 365 days/.test(e.hint ?? ''), v)
  })
  it('a time longer than one timer can wait (2^31-1 ms) is waited out in pieces', async () => {
    const t0 = Date.now()
    const { signal } = longTimeout(60, 7) // pieces of 7 ms stand in for 24.8 days
    await new Promise((r) => signal.addEventListener('abort', r, { once: true }))
    assert.ok(Date.now() - t0 >= 59, 'not before its time')
    const long = longTimeout(50 * 86_400_000) // AbortSignal.timeout threw ERR_OUT_OF_RANGE here
    assert.equal(long.signal.aborted, false)
    long.clear()
  })
  it('says durations with their unit', () => {
    assert.deepEqual([2000, 2500, 90_000, 300_000, 7_200_000, 86_400_000, 50 * 86_400_000].map(spokenDuration),
      ['2 seconds', '2.5 seconds', '90 seconds', '5 minutes', '2 hours', '1 day', '50 days'])
  })
})
