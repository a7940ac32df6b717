import assert from 'node:assert/strict'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { claimFiles, defaultName, fileBase, markCleaned, readManifest, recordJob } from '../../src/core/jobfiles.js'
import { testEnv } from '../helpers.js'

describe('job file names', () => {
  it('derive a safe base from any name', () => {
    assert.equal(fileBase('my job; rm -rf /'), 'my_job_rm_-rf_')
    assert.equal(fileBase('../../etc/passwd'), 'etc_passwd')
    assert.equal(fileBase('"$(x)"'), 'x_')
    assert.equal(defaultName("python3 run.py --x 'a b'"), 'python3')
    assert.equal(defaultName('/usr/bin/env bash'), 'env')
  })
  it('never collide: concurrent claims of one name get distinct files', async () => {
    const t = testEnv()
    const claims = await Promise.all(Array.from({ length: 20 }, () =>
      claimFiles({ filedir: t.dir, base: 'job', suffix: 'cluster', ext: 'sbatch' })))
    assert.equal(new Set(claims.map((c) => c.script)).size, 20)
    assert.ok(claims.some((c) => c.script === join(t.dir, 'job.cluster.sbatch')))
  })
  it('skip a name whose outputs exist from an earlier job', async () => {
    const t = testEnv()
    writeFileSync(join(t.dir, 'a.cluster.out'), 'old results')
    const f = await claimFiles({ filedir: t.dir, base: 'a', suffix: 'cluster', ext: 'sbatch' })
    assert.equal(f.script, join(t.dir, 'a_2.cluster.sbatch'))
    assert.equal(existsSync(join(t.dir, 'a.cluster.sbatch')), false)
  })
})

describe('the manifest', () => {
  it('lists recorded jobs until they are cleaned, then goes', async () => {
    const t = testEnv()
    const f1 = await claimFiles({ filedir: t.dir, base: 'a', suffix: 'cluster', ext: 'sbatch' })
    const f2 = await claimFiles({ filedir: t.dir, base: 'b', suffix: 'x', ext: 'sbatch', outfile: '/tmp/elsewhere.out' })
    await recordJob(f1, { id: '1', qtype: 'slurm', name: 'a', suffix: 'cluster' }, { perHost: false })
    await recordJob(f2, { id: '2', qtype: 'slurm', name: 'b', suffix: 'x' }, { perHost: false })
    const entries = await readManifest(t.dir)
    assert.deepEqual(entries.map((e) => e.id), ['1', '2'])
    assert.deepEqual(entries[0]!.files, [f1.script, f1.out, f1.err, f1.end])
    assert.equal(entries[1]!.files[1], '/tmp/elsewhere.out')
    await markCleaned(t.dir, [entries[0]!])
    assert.deepEqual((await readManifest(t.dir)).map((e) => e.id), ['2'])
    await markCleaned(t.dir, [entries[1]!])
    assert.equal(existsSync(join(t.dir, '.pcluster-manifest.jsonl')), false)
  })
})
