// A Torque whose qstat refuses -x (getopt's complaint, exit 2) is read from `qstat -f` text: a stub qstat on a
// temporary PATH answering with the recorded text sample.
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { it } from 'node:test'
import { FIXTURES, testEnv } from '../../../helpers.js'

process.env.XDG_STATE_HOME = testEnv().state // status reads pcluster's own record of its cancels there

it('a qstat without -x: the queue is read from qstat -f text, every job in the sample', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pcluster-qstat-text-'))
  const sample = join(FIXTURES, 'torque', 'qstat-f-ichec-H-R-C-Q-exit271.txt')
  writeFileSync(join(dir, 'qstat'), `#!/bin/sh\nfor a; do [ "$a" = -x ] && { echo "qstat: invalid option -- 'x'" >&2; echo "usage: qstat [-f] ..." >&2; exit 2; }; done\ncat '${sample}'\n`, { mode: 0o755 })
  const saved = process.env.PATH
  process.env.PATH = `${dir}:${saved}`
  try {
    const { queue } = await import('../../../../src/backends/torque/status.js')
    const jobs = await queue({ user: undefined })
    const expected = JSON.parse(readFileSync(sample.replace(/\.txt$/, '.expected.json'), 'utf8')) as { id: string; state: string }[]
    assert.deepEqual(jobs.map((j) => [j.id, j.state]), expected.map((j) => [j.id, j.state]))
  } finally {
    process.env.PATH = saved
  }
})
