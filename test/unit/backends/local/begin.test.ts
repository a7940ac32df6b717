// --begin read as sbatch reads it, from a fixed now (local time).
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseBegin } from '../../../../src/backends/local/begin.js'

const now = new Date(2026, 5, 15, 14, 30, 0) // 2026-06-15 14:30 local
const at = (...p: [number, number, number, number?, number?, number?]) => new Date(p[0], p[1] - 1, p[2], p[3] ?? 0, p[4] ?? 0, p[5] ?? 0)

describe('--begin on the local queue', () => {
  it('now+N with units (seconds by default), times of day, dates, words', () => {
    assert.deepEqual(parseBegin('now', now), now)
    assert.deepEqual(parseBegin('now+90', now), at(2026, 6, 15, 14, 31, 30))
    assert.deepEqual(parseBegin('now+1hour', now), at(2026, 6, 15, 15, 30))
    assert.deepEqual(parseBegin('now+2days', now), at(2026, 6, 17, 14, 30))
    assert.deepEqual(parseBegin('16:00', now), at(2026, 6, 15, 16, 0))
    assert.deepEqual(parseBegin('09:15:30', now), at(2026, 6, 16, 9, 15, 30), 'passed today: tomorrow')
    assert.deepEqual(parseBegin('2026-12-01T08:00', now), at(2026, 12, 1, 8, 0))
    assert.deepEqual(parseBegin('2026-12-01', now), at(2026, 12, 1))
    assert.deepEqual(parseBegin('tomorrow', now), at(2026, 6, 16))
    assert.deepEqual(parseBegin('teatime', now), at(2026, 6, 15, 16, 0))
    assert.deepEqual(parseBegin('noon', now), at(2026, 6, 16, 12, 0))
  })
  it('anything else is not a time', () => {
    // now+N beyond any date: no time (an Invalid Date's toISOString was an internal error for #SBATCH --begin)
    for (const bad of ['soon', 'now+1fortnight', '25:00', '2026-02-30', '2026-13-01', 'now-5', '', 'now+99999999999999weeks'])
      assert.equal(parseBegin(bad, now), undefined, bad)
  })
})
