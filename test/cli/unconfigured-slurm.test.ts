// Slurm's commands on PATH but no configuration for them (a workstation with the client package, a node
// without slurm.conf): pcluster says so at once, with the way out, instead of retrying a lasting failure.
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { cli, testEnv } from '../helpers.js'

describe('Slurm installed but not configured', () => {
  it('submit and queue stop at once with exit 1, naming SLURM_CONF and --qtype local', async () => {
    const t = testEnv()
    const bin = join(t.dir, 'bin')
    mkdirSync(bin)
    for (const cmd of ['sbatch', 'squeue', 'sacct'])
      writeFileSync(join(bin, cmd), `#!/bin/sh\necho "${cmd}: fatal: Could not establish a configuration source" >&2\nexit 1\n`, { mode: 0o755 })
    const env = { ...t.env, PATH: `${bin}:${t.env.PATH}` }
    for (const args of [['submit', '--parsable', 'true'], ['queue']]) {
      const r = await cli(args, { env, cwd: t.dir })
      assert.equal(r.code, 1, r.stderr)
      assert.match(r.stderr, /Slurm's commands are installed here but find no configuration[\s\S]*hint: point SLURM_CONF[\s\S]*--qtype local/)
      assert.doesNotMatch(r.stderr, /try \d+ of/)
    }
  })
})
