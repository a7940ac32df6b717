// submit-file's job options reach qsub on the Torque and PBS Pro simulator (test/simulators/pbs), which reads
// a script's #PBS lines, then the command line over them, as qsub does: the job takes the command line's.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { cli, testEnv } from '../helpers.js'
import { simEnv } from '../simulators/pbs/env.js'

for (const [flavour, qtype] of [['torque6', 'torque'], ['pbspro', 'pbspro']] as const) {
  describe(`submit-file options on ${qtype} (simulator)`, () => {
    it('--time 7 --name over win over the script\'s own #PBS lines', async () => {
      const t = testEnv()
      const env = simEnv(t.dir, flavour, { ...t.env, PCLUSTER_QTYPE: qtype })
      writeFileSync(join(t.dir, 'small.pbs'), '#!/bin/bash\n#PBS -N own\n#PBS -l walltime=00:03:00\necho ran\n')
      const r = await cli(['submit-file', '--parsable', '--hold', '--time', '7', '--name', 'over', 'small.pbs'], { env, cwd: t.dir })
      assert.equal(r.code, 0, r.stderr)
      const id = r.stdout.trim()
      const show = spawnSync('qstat', ['-f', id], { encoding: 'utf8', env, cwd: t.dir })
      // Torque's qstat -f answers XML here, PBS Pro's `key = value` lines
      assert.match(show.stdout, /Job_Name(?: = |>)over\b/, show.stdout + show.stderr)
      assert.match(show.stdout, /walltime(?: = |>)00:07:00\b/, show.stdout)
      spawnSync('qdel', [id], { env, cwd: t.dir })
    })
  })
}
