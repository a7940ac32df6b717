// Which batch system pcluster picks when --qtype is not given.
import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { detectQType } from '../../src/backends/index.js'
import { HAVE_SLURM } from '../helpers.js'

describe('detectQType', () => {
  it('with no batch system on PATH, the local queue', async () => {
    const saved = { PATH: process.env.PATH, PCLUSTER_QTYPE: process.env.PCLUSTER_QTYPE }
    try {
      process.env.PATH = mkdtempSync(join(tmpdir(), 'pcluster-empty-path-'))
      delete process.env.PCLUSTER_QTYPE
      assert.equal(await detectQType(), 'local')
      assert.equal(await detectQType('slurm'), 'slurm')
      process.env.PCLUSTER_QTYPE = 'torque'
      assert.equal(await detectQType(), 'torque')
    } finally {
      process.env.PATH = saved.PATH
      if (saved.PCLUSTER_QTYPE === undefined) delete process.env.PCLUSTER_QTYPE
      else process.env.PCLUSTER_QTYPE = saved.PCLUSTER_QTYPE
    }
  })
  it('with sbatch on PATH, Slurm', { skip: !HAVE_SLURM && 'no Slurm here' }, async () => {
    const saved = process.env.PCLUSTER_QTYPE
    delete process.env.PCLUSTER_QTYPE
    try {
      assert.equal(await detectQType(), 'slurm')
    } finally {
      if (saved !== undefined) process.env.PCLUSTER_QTYPE = saved
    }
  })
})
