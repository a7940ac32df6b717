// The local queue reads output patterns as Slurm does: %x, %u, %% filled in at submit, %j by the job itself.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { daemonOutputs, outputRedirect } from '../../../../src/backends/local/outputs.js'
import type { ResolvedJob } from '../../../../src/backends/types.js'

const job = (out: string, err: string): ResolvedJob => ({
  name: 'my job', command: 'true', options: {},
  files: { dir: '/d', script: '/d/j.sh', out, err, end: '/d/j.end' },
})

describe('local outputs', () => {
  it('without %j the daemon opens the paths, % patterns filled in', () => {
    const j = job('/d/%x.out', '/d/100%%.err')
    assert.deepEqual(daemonOutputs(j), { out: '/d/my job.out', err: '/d/100%.err' })
    assert.equal(outputRedirect(j), undefined)
  })
  it('with %j the job opens them itself, from the id the daemon starts it with', () => {
    const j = job('/d/%x.%j.out', '/d/plain.err')
    assert.deepEqual(daemonOutputs(j), { out: '/dev/null', err: '/d/plain.err' })
    assert.equal(outputRedirect(j), `exec >'/d/my job.'"$PCLUSTER_JOB_ID".out || exit 1`)
  })
  it('one %j file for both streams is opened once', () => {
    assert.equal(outputRedirect(job('/d/%j.log', '/d/%j.log')), `exec >/d/"$PCLUSTER_JOB_ID".log 2>&1 || exit 1`)
    assert.equal(outputRedirect(job('/d/o', '/d/%j.err')), `exec 2>/d/"$PCLUSTER_JOB_ID".err || exit 1`)
  })
})
