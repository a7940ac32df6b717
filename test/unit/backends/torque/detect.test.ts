// Detection of the qsub on PATH: Torque, PBS Pro or Grid Engine, by one `qstat --version` (stub commands
// answering with the real lines of the fixtures' messages.tsv, on a temporary PATH).
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { detectQType } from '../../../../src/backends/index.js'
import { readVersion } from '../../../../src/backends/qsub-family/flavour.js'

/** A PATH holding qsub and a qstat that prints `version` and counts its calls in `calls`. */
function stubPath(version: string, code = 0): { dir: string; calls: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pcluster-qstat-'))
  const calls = join(dir, 'calls')
  writeFileSync(calls, '')
  writeFileSync(join(dir, 'qsub'), '#!/bin/sh\nexit 0\n', { mode: 0o755 })
  writeFileSync(join(dir, 'qstat'), `#!/bin/sh\necho "$*" >> '${calls}'\nprintf '%s\\n' '${version.replace(/'/g, `'\\''`)}'\nexit ${code}\n`, { mode: 0o755 })
  return { dir, calls }
}

async function detectWith(version: string, code = 0): Promise<{ name: string; calls: string[] }> {
  const { dir, calls } = stubPath(version, code)
  const saved = { PATH: process.env.PATH, PCLUSTER_QTYPE: process.env.PCLUSTER_QTYPE, SGE_ROOT: process.env.SGE_ROOT }
  try {
    process.env.PATH = dir // stubs run under /bin/sh with its builtins; sbatch (Slurm) may be in /usr/bin here
    delete process.env.PCLUSTER_QTYPE
    delete process.env.SGE_ROOT // a shell set up for a Grid Engine would make its detection answer first
    const name = await detectQType()
    return { name, calls: readFileSync(calls, 'utf8').trim().split('\n').filter(Boolean) }
  } finally {
    process.env.PATH = saved.PATH
    if (saved.PCLUSTER_QTYPE !== undefined) process.env.PCLUSTER_QTYPE = saved.PCLUSTER_QTYPE
    if (saved.SGE_ROOT !== undefined) process.env.SGE_ROOT = saved.SGE_ROOT
  }
}

describe('which qsub is on PATH', () => {
  it('Torque 6.1.2 (Version: + Commit:), asked once', async () => {
    assert.deepEqual(await detectWith('Version: 6.1.2\nCommit: 661e092552de43a785c15d39a3634a541d86898e'), { name: 'torque', calls: ['--version'] })
  })
  it('PBS Pro 19 and 19.2.8, asked once though two backends ask', async () => {
    assert.deepEqual(await detectWith('pbs_version = 19.0.0'), { name: 'pbspro', calls: ['--version'] })
    assert.equal((await detectWith('pbs_version = 19.2.8.20200925072630')).name, 'pbspro')
  })
  it('Grid Engine\'s qsub is neither: it is sge, from the same one call', async () => {
    assert.deepEqual(await detectWith('SGE 8.1.9\nusage: qstat [options]'), { name: 'sge', calls: ['--version'] })
  })
  it('reads the version lines', () => {
    assert.equal(readVersion('version: 4.2.10\n'), 'torque')
    assert.equal(readVersion('GE 6.2u5\nusage: qstat'), 'sge')
    assert.equal(readVersion(''), 'none')
  })
})
