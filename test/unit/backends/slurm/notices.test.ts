// What Slurm reads differently from what was asked: said, never refused.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { notices } from '../../../../src/backends/slurm/notices.js'
import { DIRECTIVES } from '../../../../src/backends/slurm/directives.js'
import type { ResolvedJob } from '../../../../src/backends/types.js'

const job = (time?: number): ResolvedJob => ({
  name: 'j', command: 'true', options: time === undefined ? {} : { time },
  files: { dir: '/d', script: '/d/j.sbatch', out: '/d/j.out', err: '/d/j.err', end: '/d/j.end' },
})

describe('Slurm notices', () => {
  it('--time in seconds is rounded up to whole minutes, and says so', () => {
    assert.deepEqual(notices(job(5)), ['Slurm counts time in whole minutes: --time 00:00:05 becomes 00:01:00 (1 minute)'])
    assert.deepEqual(notices(job(90)), ['Slurm counts time in whole minutes: --time 00:01:30 becomes 00:02:00 (2 minutes)'])
  })
  it('whole minutes, no limit and no --time say nothing', () => {
    for (const t of [undefined, 0, 60, 86400]) assert.deepEqual(notices(job(t)), [], String(t))
  })
  it('--mem 0 is written as sbatch reads all of the node\'s memory', () => {
    assert.deepEqual(DIRECTIVES.mem!(0), ['--mem=0'])
    assert.deepEqual(DIRECTIVES.mem!(4096), ['--mem=4096M'])
  })
})
