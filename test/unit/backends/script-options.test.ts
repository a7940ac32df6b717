// submit-file: the options given with a script become the scheduler's own command-line options, which override
// the script's lines (sbatch, qsub): the exact argv on Slurm, Grid Engine, Torque and PBS Pro.
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { backend as pbspro } from '../../../src/backends/pbspro/index.js'
import { submitArgv as sgeArgv } from '../../../src/backends/sge/submit.js'
import { scriptJob as sgeScriptJob } from '../../../src/backends/sge/script-file.js'
import { scriptJob as slurmScriptJob } from '../../../src/backends/slurm/script-job.js'
import { submitArgv as slurmArgv } from '../../../src/backends/slurm/submit.js'
import { backend as torque } from '../../../src/backends/torque/index.js'
import { coerceOptions } from '../../../src/core/options.js'

const dir = mkdtempSync(join(tmpdir(), 'pcluster-script-options-'))
const script = join(dir, 'job.sh')
writeFileSync(script, '#!/bin/bash\n#SBATCH -c 1 --job-name=own\n#$ -N own\n#PBS -l nodes=1:ppn=1\necho hi\n')
const req = (raw: Record<string, string | string[] | boolean>) => ({ script, depends: [], cwd: dir, args: ['a'], options: coerceOptions(raw) })

describe('options given with a script, as the scheduler\'s command-line options', () => {
  it('Slurm: sbatch options before the script, values whole (no directive quoting)', async () => {
    assert.deepEqual(slurmArgv(req({ cores: '2', time: '90', name: 'my job', dir: '/tmp/a b' })),
      ['sbatch', '--parsable', '--job-name=my job', '--cpus-per-task=2', '--time=01:30:00', '-D', '/tmp/a b', script, 'a'])
    assert.deepEqual(slurmArgv({ script, depends: [] }), ['sbatch', '--parsable', script])
    // the files pcluster records follow the overrides too
    const job = await slurmScriptJob(req({ name: 'other', outfile: 'o-%j.txt' }), '7')
    assert.deepEqual([job.name, job.out], ['other', join(dir, 'o-7.txt')])
  })

  it('Grid Engine: qsub options after -S, no -cwd of pcluster\'s (the script says where it runs)', async () => {
    const argv = sgeArgv(req({ cores: '2', time: '1:00:00', outfile: 'out.%j' }))
    assert.deepEqual(argv.slice(0, 3), ['qsub', '-terse', '-S'])
    assert.ok(!argv.includes('-cwd'), argv.join(' '))
    const at = argv.indexOf('-pe')
    assert.equal(argv[at + 2], '2')
    assert.deepEqual(argv.slice(at + 3, argv.indexOf(script)), ['-l', 'h_rt=1:00:00', '-o', 'out.$JOB_ID'])
    assert.equal(argv.at(-1), 'a')
    const job = await sgeScriptJob(req({ name: 'other' }), '9')
    assert.equal(job.name, 'other')
  })

  it('Torque: -l nodes= only when a resource keyword is given, then the rest', () => {
    assert.deepEqual(torque.submitArgv(req({ cores: '4', time: '10' })), ['qsub', '-l', 'nodes=1:ppn=4', '-l', 'walltime=00:10:00', script])
    assert.deepEqual(torque.submitArgv(req({ name: 'x', outfile: 'logs/o.txt' })), ['qsub', '-N', 'x', '-o', 'logs/o.txt', script])
    assert.throws(() => torque.submitArgv(req({ outfile: 'o-%j.txt' })), /qsub -o takes a plain path/)
  })

  it('PBS Pro: -l select= only when a resource keyword is given; --dir refused (no -d)', () => {
    assert.deepEqual(pbspro.submitArgv(req({ cores: '4', mem: '2G' })), ['qsub', '-l', 'select=1:ncpus=4:mem=2048mb', script])
    assert.deepEqual(pbspro.submitArgv(req({ hold: true })), ['qsub', '-h', script])
    assert.throws(() => pbspro.submitArgv(req({ dir: '/tmp' })), /PBS Pro has no working-directory option/)
  })
})
