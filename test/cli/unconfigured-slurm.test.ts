// Slurm's commands on PATH but no configuration for them (a workstation with the client package, a node
// without slurm.conf): asked for, pcluster says so at once with the way out instead of retrying a lasting
// failure; not asked for, detection moves on to the local queue and says why.
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { CONFIG_FILES } from '../../src/backends/slurm/detect.js'
import { cli, testEnv } from '../helpers.js'

/** PATH first holds Slurm commands that all answer as an unconfigured client does; no SLURM_CONF. */
function unconfigured() {
  const t = testEnv()
  const bin = join(t.dir, 'bin')
  mkdirSync(bin)
  for (const cmd of ['sbatch', 'squeue', 'sacct', 'sinfo'])
    writeFileSync(join(bin, cmd), `#!/bin/sh\necho "${cmd}: fatal: Could not establish a configuration source" >&2\nexit 1\n`, { mode: 0o755 })
  const env: NodeJS.ProcessEnv = { ...t.env, PATH: `${bin}:${t.env.PATH}` }
  delete env.SLURM_CONF
  return { t, env }
}

describe('Slurm installed but not configured', () => {
  it('--qtype slurm: submit and queue stop at once with exit 1, naming SLURM_CONF and --qtype local', async () => {
    const { t, env } = unconfigured()
    for (const args of [['submit', '--qtype', 'slurm', '--parsable', 'true'], ['queue', '--qtype', 'slurm']]) {
      const r = await cli(args, { env, cwd: t.dir })
      assert.equal(r.code, 1, r.stderr)
      assert.match(r.stderr, /Slurm's commands are installed here but find no configuration[\s\S]*hint: point SLURM_CONF[\s\S]*--qtype local/)
      assert.doesNotMatch(r.stderr, /try \d+ of/)
    }
  })
  const configured = CONFIG_FILES.find((f) => existsSync(f))
  it('detection moves on to the local queue, saying why', { skip: configured && `${configured} exists here: Slurm is configured` }, async () => {
    const { t, env } = unconfigured()
    // only the stubs: a Grid Engine or Torque qsub installed here would rightly be found next
    const r = await cli(['submit', '--dry-run', '--json', 'true'], { env: { ...env, PATH: join(t.dir, 'bin') }, cwd: t.dir })
    assert.equal(r.code, 0, r.stderr)
    assert.equal((JSON.parse(r.stdout) as { backend: string }).backend, 'local')
    assert.match(r.stderr, /note: Slurm's commands are installed here but find no configuration: not using Slurm/)
  })
})
