// The registry: which batch system pcluster picks when --qtype is not given, asking each backend in order,
// and what it says of a name it does not know.
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { BACKEND_NAMES, BACKENDS, detectQType, loadBackend } from '../../../src/backends/index.js'
import { UsageError } from '../../../src/core/errors.js'

/** Runs fn with PATH holding only a folder with these (empty, executable) commands, and no PCLUSTER_QTYPE. */
async function withPath<T>(commands: string[], fn: () => Promise<T>): Promise<T> {
  const saved = { PATH: process.env.PATH, PCLUSTER_QTYPE: process.env.PCLUSTER_QTYPE }
  const dir = mkdtempSync(join(tmpdir(), 'pcluster-path-'))
  for (const c of commands) writeFileSync(join(dir, c), '#!/bin/sh\nexit 0\n', { mode: 0o755 })
  try {
    process.env.PATH = dir
    delete process.env.PCLUSTER_QTYPE
    return await fn()
  } finally {
    process.env.PATH = saved.PATH
    if (saved.PCLUSTER_QTYPE === undefined) delete process.env.PCLUSTER_QTYPE
    else process.env.PCLUSTER_QTYPE = saved.PCLUSTER_QTYPE
  }
}

describe('detectQType', () => {
  it('with no batch system on PATH, the local queue; --qtype and PCLUSTER_QTYPE win', () => withPath([], async () => {
    assert.equal(await detectQType(), 'local')
    assert.equal(await detectQType('slurm'), 'slurm')
    process.env.PCLUSTER_QTYPE = 'slurm'
    assert.equal(await detectQType(), 'slurm')
    assert.equal(await detectQType('local'), 'local')
  }))
  it('with sbatch on PATH, Slurm: each backend is asked in order', () => withPath(['sbatch'], async () => {
    assert.equal(await detectQType(), 'slurm')
  }))
  it('an unknown name is a usage error listing the known ones', async () => {
    await assert.rejects(detectQType('pbs'), (e: UsageError) => e instanceof UsageError && /slurm, sge, torque, pbspro, local/.test(e.hint ?? ''))
    await withPath([], async () => {
      process.env.PCLUSTER_QTYPE = 'nope'
      await assert.rejects(detectQType(), /invalid value 'nope' for PCLUSTER_QTYPE/)
    })
  })
})

describe('the registry', () => {
  it('each entry is the backend its folder exports, with the same name and directive table', async () => {
    for (const name of BACKEND_NAMES) {
      const backend = await loadBackend(name)
      assert.equal(backend.name, name)
      assert.equal(backend.directives, (await BACKENDS[name].table()).DIRECTIVES)
      assert.equal(backend.idsPerHost, BACKENDS[name].idsPerHost)
    }
  })
})
