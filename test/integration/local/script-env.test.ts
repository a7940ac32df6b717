// The variables a job reads on the local queue: a submit-file script those of the batch system its directives
// are written for (#SBATCH: Slurm's, #$: Grid Engine's, #PBS: PBS's), and every job pcluster's own.
import assert from 'node:assert/strict'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { cli } from '../../helpers.js'
import { localEnv } from './env.js'

/** The names a script prints, `NAME=value` one a line (`NAME=-` when unset). */
const printing = (names: string[]) => names.map((n) => `echo "${n}=\${${n}--}"`).join('\n')

/** Scheduler variables a job must not see unless its own script's system sets them (the test env has none). */
const OTHERS = ['SLURM_JOB_ID', 'JOB_ID', 'PBS_JOBID']

/** Runs a script by submit-file --wait --json from the test folder; its output as a map, and the job. */
async function run(t: ReturnType<typeof localEnv>, script: string) {
  writeFileSync(join(t.dir, 'job.sh'), script)
  const env = { ...t.env }
  for (const n of OTHERS) delete env[n]
  const r = await cli(['submit-file', '--wait', '--json', 'job.sh'], { env, cwd: t.dir })
  assert.equal(r.code, 0, r.stderr)
  const job = JSON.parse(r.stdout) as { id: string; out: string }
  const vars = new Map(readFileSync(job.out, 'utf8').trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]))
  return { job, vars, stderr: r.stderr }
}

describe('the variables a job sees on the local queue', { concurrency: true }, () => {
  it("a #SBATCH script sees Slurm's: its id, name, cores, tasks, memory, submit folder (not the --chdir it runs in)", async () => {
    const t = localEnv(2)
    mkdirSync(join(t.dir, 'sub'))
    const { job, vars } = await run(t, ['#!/bin/bash', '#SBATCH -J named -c 2', '#SBATCH --mem=100M --chdir=sub', '#SBATCH --output=%j.out',
      printing(['SLURM_JOB_ID', 'SLURM_JOB_NAME', 'SLURM_CPUS_PER_TASK', 'SLURM_NTASKS', 'SLURM_MEM_PER_NODE', 'SLURM_SUBMIT_DIR',
        'PCLUSTER_JOB_ID', 'PCLUSTER_CORES', 'PCLUSTER_QTYPE', 'JOB_ID', 'PBS_JOBID']), ''].join('\n'))
    assert.deepEqual(Object.fromEntries(vars), {
      SLURM_JOB_ID: job.id, SLURM_JOB_NAME: 'named', SLURM_CPUS_PER_TASK: '2', SLURM_NTASKS: '1', SLURM_MEM_PER_NODE: '100',
      SLURM_SUBMIT_DIR: t.dir, PCLUSTER_JOB_ID: job.id, PCLUSTER_CORES: '2', PCLUSTER_QTYPE: 'local', JOB_ID: '-', PBS_JOBID: '-',
    })
  })

  it("a #$ script sees Grid Engine's, and is told that its #$ lines are not read here", async () => {
    const t = localEnv(2)
    const { job, vars, stderr } = await run(t, ['#!/bin/bash', '#$ -N ignored -cwd', '#$ -o out.txt',
      printing(['JOB_ID', 'JOB_NAME', 'NSLOTS', 'SGE_O_WORKDIR', 'SGE_TASK_ID', 'PCLUSTER_JOB_ID', 'PCLUSTER_CORES', 'PCLUSTER_QTYPE',
        'SLURM_JOB_ID', 'PBS_JOBID']), ''].join('\n'))
    assert.match(stderr, /pcluster: the local queue reads #SBATCH lines only: it ignores the #\$ lines of job\.sh\n/)
    assert.deepEqual(Object.fromEntries(vars), {
      JOB_ID: job.id, JOB_NAME: 'job.sh', NSLOTS: '1', SGE_O_WORKDIR: t.dir, SGE_TASK_ID: 'undefined',
      PCLUSTER_JOB_ID: job.id, PCLUSTER_CORES: '1', PCLUSTER_QTYPE: 'local', SLURM_JOB_ID: '-', PBS_JOBID: '-',
    })
  })

  it("a #PBS script sees PBS's (Torque's and PBS Pro's)", async () => {
    const t = localEnv(2)
    const { job, vars } = await run(t, ['#!/bin/bash', '#PBS -N ignored', printing(['PBS_JOBID', 'PBS_JOBNAME', 'PBS_O_WORKDIR', 'PBS_NP',
      'NCPUS', 'PCLUSTER_JOB_ID', 'PCLUSTER_QTYPE', 'SLURM_JOB_ID', 'JOB_ID']), ''].join('\n'))
    assert.deepEqual(Object.fromEntries(vars), {
      PBS_JOBID: job.id, PBS_JOBNAME: 'job.sh', PBS_O_WORKDIR: t.dir, PBS_NP: '1', NCPUS: '1',
      PCLUSTER_JOB_ID: job.id, PCLUSTER_QTYPE: 'local', SLURM_JOB_ID: '-', JOB_ID: '-',
    })
  })

  it("submit: pcluster's own, the cores those the job holds", async () => {
    const t = localEnv(2)
    const r = await cli(['submit', '--wait', '--json', '--cores', '2', '--name', 'own',
      'echo "$PCLUSTER_JOB_ID $PCLUSTER_CORES $PCLUSTER_QTYPE"'], { env: t.env, cwd: t.dir })
    assert.equal(r.code, 0, r.stderr)
    const job = JSON.parse(r.stdout) as { id: string; out: string }
    assert.equal(readFileSync(job.out, 'utf8'), `${job.id} 2 local\n`)
  })
})
