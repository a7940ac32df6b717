// queue --since: a time back from now or a date, range-checked (9999999999d crashed with "internal error").
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseSince } from '../../../src/cli/queue.js'
import { UsageError } from '../../../src/core/errors.js'

const usage = (e: unknown) => e instanceof UsageError && e.exitCode === 2 && /from 1970-01-01 on/.test(e.hint ?? '')

describe('queue --since', () => {
  const now = Date.UTC(2026, 11, 6, 12)
  it('reads durations and local dates', () => {
    assert.equal(parseSince('7d', now).getTime(), now - 7 * 86_400_000)
    assert.equal(parseSince('90s', now).getTime(), now - 90_000)
    assert.equal(parseSince('2026-05-01').getTime(), new Date(2026, 4, 1).getTime())
    assert.equal(parseSince('2026-05-01T08:00').getTime(), new Date(2026, 4, 1, 8, 0).getTime())
  })
  it('refuses a time before 1970, no such day, and hostile text as bad usage', () => {
    for (const v of ['9999999999d', '99999999999999999999w', '30000d', '0000-01-01', '1969-12-31', '2026-02-31', '2026-13-01', '2026-01-01T24:00',
      '2026-01-01T08:60', '7d; rm', '-7d', '1e9d', '', '７d'])
      assert.throws(() => parseSince(v, now), usage, v)
  })
})
