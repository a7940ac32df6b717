// Torque and PBS Pro scripts: option values as qsub reads them, and golden `--dry-run` scripts with every
// option of the registry (test/fixtures/<backend>/scripts/; PCLUSTER_UPDATE_GOLDEN=1 rewrites them).
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { pbsproJobName } from '../../../../src/backends/pbspro/directives.js'
import { pbsMem, pbsWalltime, qsubBegin } from '../../../../src/backends/qsub-family/values.js'
import { torqueJobName } from '../../../../src/backends/torque/directives.js'
import { OPTIONS } from '../../../../src/core/options.js'
import { cli, FIXTURES, testEnv } from '../../../helpers.js'

describe('values as qsub reads them', () => {
  it('walltime H+:MM:SS from every time form (Torque refuses D-HH:MM:SS)', () => {
    assert.equal(pbsWalltime(36 * 3600), '36:00:00') // --time 1-12
    assert.equal(pbsWalltime(90 * 60), '01:30:00')
    assert.equal(pbsWalltime(5), '00:00:05')
    assert.equal(pbsWalltime(200 * 86400 + 61), '4800:01:01')
  })
  it('memory in whole mb', () => assert.equal(pbsMem(1536), '1536mb'))
  it('names every server takes', () => {
    assert.equal(torqueJobName('my "job"; $(x)'), 'my__job_____x_')
    assert.equal(torqueJobName('1st-run-of-a-very-long-name'), 'j1st-run-of-a-v')
    assert.equal(pbsproJobName('1st run+x'), '1st_run+x')
  })
  it('--begin as -a [[[[CC]YY]MM]DD]hhmm[.SS], or refused', () => {
    const now = new Date(2026, 11, 1, 10, 20, 30)
    assert.equal(qsubBegin('now+1hour', now), '202612011120.30')
    assert.equal(qsubBegin('now+90', now), '202612011022.00')
    assert.equal(qsubBegin('16:00', now), '1600')
    assert.equal(qsubBegin('16:00:05', now), '1600.05')
    assert.equal(qsubBegin('2026-12-24T08:30', now), '202612240830')
    assert.equal(qsubBegin('2026-12-24', now), '202612240000')
    assert.equal(qsubBegin('tomorrow', now), '202612020000')
    assert.equal(qsubBegin('teatime', now), '1600')
    assert.throws(() => qsubBegin('12/24', now), /qsub -a cannot say this start time/)
  })
})

/** Every option of the registry with a value, as flags. */
const EVERY_OPTION: Record<string, string> = {
  cores: '4', modules: 'gcc,python', filedir: 'jobs', dir: 'work', suffix: 'run', outfile: '%x.%j.out', errfile: 'errors.txt',
  name: 'all options', depends: '11.srv,12.srv', threads: '2', nodes: '2', features: 'bigmem,ssd', time: '1-12', mem: '1.5G',
  partition: 'batch', account: 'proj1', export: 'OMP_NUM_THREADS=4,HOME', begin: '2026-12-24T08:30',
  tasks: '4', 'tasks-per-node': '2', gpus: '2', 'gpus-per-node': '1', exclusive: '', 'mem-per-cpu': '1G', qos: 'high',
  reservation: 'R12', hold: '', requeue: '', signal: 'USR1@120', mail: 'begin,end', 'mail-user': 'me@example.org', nice: '10',
  comment: 'a note', extra: '-W umask=022',
}

/**
 * Options left out of a backend's every-option script, and why: each is refused there, or excludes one that
 * is in it (its own tests are in test/unit/backends/hpc-options.test.ts).
 */
const LEFT_OUT: Record<string, Record<string, string>> = {
  torque: { signal: 'refused', reservation: 'refused', 'mem-per-cpu': 'excludes mem', 'gpus-per-node': 'excludes gpus' },
  pbspro: { signal: 'refused', reservation: 'a queue: excludes partition', 'mem-per-cpu': 'excludes mem', 'gpus-per-node': 'excludes gpus' },
}

for (const backend of ['torque', 'pbspro']) {
  describe(`${backend}: --dry-run with every option of the registry`, () => {
    it('shows the golden script and qsub command', async () => {
      assert.deepEqual(Object.keys(EVERY_OPTION).sort(), OPTIONS.map((o) => o.name).sort(), 'a new option needs a value here')
      const t = testEnv()
      mkdirSync(join(t.dir, 'work'))
      const flags = Object.entries(EVERY_OPTION).filter(([k]) => !LEFT_OUT[backend]![k]).flatMap(([k, v]) => (v === '' ? [`--${k}`] : [`--${k}`, v]))
      const r = await cli(['submit', '--qtype', backend, '--dry-run', ...flags, 'echo "$PBS_JOBID" > out.txt'], { env: t.env, cwd: t.dir })
      assert.equal(r.code, 0, r.stderr)
      const got = r.stdout.replaceAll(t.dir, '/DIR')
      const golden = join(FIXTURES, backend, 'scripts', 'every-option.txt')
      if (process.env.PCLUSTER_UPDATE_GOLDEN || !existsSync(golden)) {
        mkdirSync(join(FIXTURES, backend, 'scripts'), { recursive: true })
        writeFileSync(golden, got)
      }
      assert.equal(got, readFileSync(golden, 'utf8'))
    })
  })
}

/** `submit --dry-run --json` on a backend: the plan's script and notices, or the refusal. */
async function plan(backend: string, flags: string[]): Promise<{ code: number; script: string; notices: string[]; stderr: string }> {
  const t = testEnv()
  const r = await cli(['submit', '--qtype', backend, '--dry-run', '--json', ...flags, 'true'], { env: t.env, cwd: t.dir })
  const out = r.code === 0 ? JSON.parse(r.stdout) as { script: string; notices: string[] } : { script: '', notices: [] }
  return { code: r.code ?? -1, ...out, stderr: r.stderr }
}

describe('nothing that changes the result is dropped without a word', () => {
  it('PBS Pro: node features are resources of each chunk (bigmem=True; NAME=VALUE as it is), several nodes scattered', async () => {
    const p = await plan('pbspro', ['--nodes', '2', '--cores', '8', '--mem', '4G', '--features', 'bigmem,model=bro'])
    assert.match(p.script, /^#PBS -l select=2:ncpus=8:mem=4096mb:bigmem=True:model=bro\n#PBS -l place=scatter$/m)
    assert.doesNotMatch((await plan('pbspro', ['--features', 'ssd'])).script, /place=/)
  })
  it('a feature qsub cannot be asked for (Slurm\'s either/or, spaces) is refused, exit 2, naming the option', async () => {
    for (const backend of ['torque', 'pbspro']) {
      const p = await plan(backend, ['--features', 'a|b'])
      assert.equal(p.code, 2, backend)
      assert.match(p.stderr, /--features "a\|b"/)
    }
    assert.equal((await plan('torque', ['--features', 'model=bro'])).code, 2) // no NAME=VALUE in nodes=
  })
  it('--mem 0 and --time 0 (all of a node\'s memory, no limit on Slurm) are said: nothing is asked, the queue\'s default applies', async () => {
    for (const [backend, title] of [['torque', 'Torque'], ['pbspro', 'PBS Pro']] as const) {
      const p = await plan(backend, ['--mem', '0', '--time', '0'])
      assert.equal(p.code, 0, p.stderr)
      assert.doesNotMatch(p.script, /mem=|walltime=/)
      assert.deepEqual(p.notices.map((n) => n.split(':')[0]), [`${title} has no request for all of a node's memory`, `${title} has no request for "no time limit"`])
      assert.deepEqual((await plan(backend, ['--mem', '1G', '--time', '1'])).notices, [])
    }
  })
})
