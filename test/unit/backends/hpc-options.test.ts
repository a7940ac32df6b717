// The keywords HPC users reach for (issue 14), on every backend: what each writes, what each passes over with a
// note, and what each refuses (exit 2, nothing written). Through `submit --dry-run --json` where the whole path
// matters (registry -> profile -> table -> script), else through the tables themselves.
import assert from 'node:assert/strict'
import { readdirSync, writeFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { DIRECTIVES as LOCAL } from '../../../src/backends/local/directives.js'
import { renderDirectives as pbspro } from '../../../src/backends/pbspro/directives.js'
import { renderDirectives as sge } from '../../../src/backends/sge/directives.js'
import { DEFAULT_SETTINGS, sgeSettings } from '../../../src/backends/sge/config.js'
import { parseRelease } from '../../../src/backends/slurm/release.js'
import { renderDirectives as slurm } from '../../../src/backends/slurm/directives.js'
import { parseQrls as parseSgeQrls } from '../../../src/backends/sge/release.js'
import { parseQrls } from '../../../src/backends/qsub-family/qrls.js'
import { renderDirectives as torque } from '../../../src/backends/torque/directives.js'
import { renderTable } from '../../../src/backends/table.js'
import { coerceOptions, mergeLayers, type JobOptions } from '../../../src/core/options.js'
import { cli, testEnv } from '../../helpers.js'

const o = (raw: Record<string, string | boolean | string[]>): JobOptions => coerceOptions(raw)

/** `submit --dry-run --json` on a backend: the script and notices, or the refusal; and the files left behind. */
async function plan(backend: string, flags: string[], config = ''): Promise<{ code: number; script: string; notices: string[]; stderr: string; files: string[] }> {
  const t = testEnv()
  if (config) writeFileSync(t.config, config)
  const r = await cli(['submit', '--qtype', backend, '--dry-run', '--json', ...flags, 'true'], { env: t.env, cwd: t.dir })
  const out = r.code === 0 ? JSON.parse(r.stdout) as { script: string; notices: string[] } : { script: '', notices: [] }
  return { code: r.code ?? -1, ...out, stderr: r.stderr, files: readdirSync(t.dir).filter((f) => f !== '.state' && f !== 'config.ini') }
}

describe('the registry reads the new values', () => {
  it('gpus as N or TYPE:N; signal as SIG[@SECONDS]; mail types; a signed nice; flags; extra kept whole', () => {
    const got = o({ gpus: 'a100:2', 'gpus-per-node': '4', signal: 'sigusr1@120', mail: ['begin', 'END'], nice: '-5', hold: true, exclusive: 'yes', extra: ['--gres=gpu:1,mps:10'] })
    assert.deepEqual(got.gpus, { count: 2, type: 'a100' })
    assert.deepEqual(got['gpus-per-node'], { count: 4 })
    assert.deepEqual(got.signal, { signal: 'USR1', seconds: 120 })
    assert.deepEqual(o({ signal: 'TERM' }).signal, { signal: 'TERM', seconds: 60 })
    assert.deepEqual(got.mail, ['begin', 'end'])
    assert.equal(got.nice, -5)
    assert.equal(got.hold, true)
    assert.equal(got.exclusive, true)
    assert.deepEqual(got.extra, ['--gres=gpu:1,mps:10'])
    assert.equal(o({ memPerCpu: '2G' })['mem-per-cpu'], 2048) // a library caller's camelCase
    assert.equal(o({ mem_per_cpu: '1G' })['mem-per-cpu'], 1024) // a profile's snake_case
  })
  it('refuses what no batch system reads', () => {
    for (const [k, v] of [['gpus', '0'], ['gpus', 'a 100:1'], ['signal', 'FOO'], ['signal', 'USR1@70000'], ['mail', 'begin,none'], ['mail', 'sometimes'],
      ['nice', '1.5'], ['hold', 'maybe'], ['mem-per-cpu', '0'], ['extra', '--a\n#SBATCH --b'], ['tasks', '0']] as const)
      assert.throws(() => o({ [k]: v }), /invalid value/, `${k} ${v}`)
  })
  it('--mem and --mem-per-cpu (and --gpus and --gpus-per-node) exclude each other: together refused, a later layer replaces', () => {
    assert.throws(() => mergeLayers([o({ mem: '4G', 'mem-per-cpu': '1G' })]), /--mem and --mem-per-cpu cannot both be given/)
    assert.throws(() => mergeLayers([o({ gpus: '1', 'gpus-per-node': '1' })]), /--gpus and --gpus-per-node/)
    const flagsWin = mergeLayers([o({ mem: '4G', gpus: '2' }), o({ 'mem-per-cpu': '1G', 'gpus-per-node': '1' })])
    assert.equal(flagsWin.mem, undefined)
    assert.equal(flagsWin['mem-per-cpu'], 1024)
    assert.equal(flagsWin.gpus, undefined)
    assert.throws(() => mergeLayers([o({ nodes: '1', tasks: '8', 'tasks-per-node': '4' })]), /is 4 tasks, not 8/)
    assert.equal(mergeLayers([o({ nodes: '2', tasks: '8', 'tasks-per-node': '4' })]).tasks, 8)
  })
})

describe('Slurm writes each keyword as sbatch reads it', () => {
  it('every new keyword', () => {
    assert.deepEqual(slurm(o({ tasks: '8', 'tasks-per-node': '4', gpus: 'a100:2', exclusive: true, 'mem-per-cpu': '2G', qos: 'high', reservation: 'maint',
      hold: true, requeue: true, signal: 'USR1@120', mail: 'begin,fail', 'mail-user': 'me@example.org', nice: '10', comment: 'run 3 of "x"', extra: ['--constraint=avx512'] })), [
      '#SBATCH --ntasks=8', '#SBATCH --ntasks-per-node=4', '#SBATCH --gpus=a100:2', '#SBATCH --exclusive', '#SBATCH --mem-per-cpu=2048M', '#SBATCH --qos=high',
      '#SBATCH --reservation=maint', '#SBATCH --hold', '#SBATCH --requeue', '#SBATCH --signal=B:USR1@120', '#SBATCH --mail-type=BEGIN,FAIL',
      '#SBATCH --mail-user=me@example.org', '#SBATCH --nice=10', '#SBATCH --comment="run 3 of \\"x\\""', '#SBATCH --constraint=avx512',
    ])
    assert.deepEqual(slurm(o({ 'gpus-per-node': 'v100:1' })), ['#SBATCH --gres=gpu:v100:1'])
    assert.deepEqual(slurm(o({ hold: 'false', exclusive: false })), []) // a flag set false in a profile asks nothing
  })
  it('--extra: after everything pcluster wrote (sbatch reads the last), and never a directive line of its own', async () => {
    const p = await plan('slurm', ['--extra', '--constraint=avx512', '--extra', '--time=5', '--time', '1:00:00'])
    assert.equal(p.code, 0, p.stderr)
    assert.match(p.script, /#SBATCH --time=01:00:00\n(#SBATCH .*\n)*#SBATCH --constraint=avx512\n#SBATCH --time=5\n#/)
    const bad = await plan('slurm', ['--extra', '#SBATCH --constraint=avx512'])
    assert.equal(bad.code, 2)
    assert.match(bad.stderr, /give the directive without its #SBATCH prefix/)
    assert.match(bad.stderr, /--extra '--constraint=avx512' is written as #SBATCH --constraint=avx512/)
    assert.deepEqual(bad.files, [])
    assert.equal((await plan('sge', ['--extra', '#$ -l h=x'])).code, 2)
    assert.equal((await plan('torque', ['--extra', '#PBS -W x'])).code, 2)
  })
  it('--extra as a profile key: a list of directives, commas kept inside each', async () => {
    const p = await plan('slurm', ['--profile', 'avx'], "[prof_avx]\nextra = ['--constraint=avx512', \"--gres=gpu:1,mps:10\"]\n[prof_one]\nextra = --exclusive=user\n")
    assert.equal(p.code, 0, p.stderr)
    assert.match(p.script, /#SBATCH --constraint=avx512\n#SBATCH --gres=gpu:1,mps:10\n/)
    const t = testEnv()
    const set = await cli(['profile', 'set', 'gpu', '--extra', '--gres=gpu:1,mps:10', '--extra', "--comment=it's"], { env: t.env, cwd: t.dir })
    assert.equal(set.code, 0, set.stderr)
    const r = await cli(['submit', '--qtype', 'slurm', '--dry-run', '--profile', 'gpu', 'true'], { env: t.env, cwd: t.dir })
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /#SBATCH --gres=gpu:1,mps:10\n#SBATCH --comment=it's\n/)
  })
  it('a profile\'s --mem gives way to --mem-per-cpu on the command line', async () => {
    const p = await plan('slurm', ['--profile', 'big', '--mem-per-cpu', '1G'], '[prof_big]\nmem = 64G\n')
    assert.equal(p.code, 0, p.stderr)
    assert.match(p.script, /--mem-per-cpu=1024M/)
    assert.doesNotMatch(p.script, /--mem=/)
  })
})

describe('Grid Engine', () => {
  const s = (raw: Record<string, string | boolean | string[]>, settings = DEFAULT_SETTINGS) => sge({ cores: 1, ...o(raw) }, settings)
  it('tasks are slots of the MPI parallel environment (tasks x cores), memory and GPUs per slot', () => {
    const gpu = { ...DEFAULT_SETTINGS, gpuResource: 'gpu' }
    const lines = s({ tasks: '4', cores: '2', mem: '8G', gpus: '8' }, gpu)
    assert.ok(lines.includes('#$ -pe mpi 8'), lines.join('\n'))
    assert.ok(lines.includes('#$ -l h_vmem=1024M'))
    assert.ok(lines.includes('#$ -l gpu=1'))
    assert.ok(s({ tasks: '2', 'mem-per-cpu': '3G' }).includes('#$ -l h_vmem=3072M'))
    assert.ok(s({ cores: '4' }).includes('#$ -pe smp 4')) // no tasks: the cores' own PE, as before
    assert.ok(s({ tasks: '2' }, { ...DEFAULT_SETTINGS, mpiPe: 'orte' }).includes('#$ -pe orte 2'))
    assert.throws(() => s({ tasks: '4', gpus: '2' }, gpu), /2 does not divide by 4/)
    assert.throws(() => s({ gpus: 'a100:1' }, gpu), /with no type/)
    assert.throws(() => s({ gpus: '1' }), /no GPUs of its own.*none is configured/)
  })
  it('hold, requeue, reservation, mail, nice, comment, signal as s_rt, exclusive as the configured complex', () => {
    const lines = s({ hold: true, requeue: true, reservation: '12', mail: 'begin,end,fail', 'mail-user': 'me@x.org', nice: '10', comment: 'first try', signal: 'USR1@300', time: '1:00:00' })
    for (const l of ['-h', '-r y', '-ar 12', '-m bea', '-M me@x.org', '-p -10', '-ac comment="first try"', '-l s_rt=0:55:00', '-l h_rt=1:00:00'])
      assert.ok(lines.includes(`#$ ${l}`), `${l} in\n${lines.join('\n')}`)
    assert.ok(s({ mail: 'none' }).includes('#$ -m n'))
    assert.ok(s({ exclusive: true }, { ...DEFAULT_SETTINGS, exclusiveResource: 'excl' }).includes('#$ -l excl=true'))
    assert.throws(() => s({ exclusive: true }), /no exclusive resource is configured/)
    assert.throws(() => s({ reservation: 'maint' }), /by its number/)
    assert.throws(() => s({ comment: 'a,b' }), /a comma would split/)
    assert.throws(() => s({ signal: 'USR1@60' }), /needs a --time/)
  })
  it('[sge] gpu_resource, exclusive_resource and mpi_pe, checked', () => {
    const cfg = (values: Record<string, unknown>) => sgeSettings({ raw: { sge: values }, readFrom: '/c', path: '/c' })
    assert.deepEqual(cfg({ gpu_resource: 'gpu', exclusive_resource: 'exclusive', mpi_pe: 'orte' }),
      { pe: 'smp', memResource: 'h_vmem', gpuResource: 'gpu', exclusiveResource: 'exclusive', mpiPe: 'orte' })
    assert.throws(() => cfg({ gpu_resource: 'g p u' }), /\[sge\] gpu_resource must be a Grid Engine name such as gpu/)
  })
  it('through the CLI: gpu_resource from the config; refused (exit 2, nothing written) without it', async () => {
    const ok = await plan('sge', ['--gpus', '2'], '[sge]\ngpu_resource = gpu\n')
    assert.equal(ok.code, 0, ok.stderr)
    assert.match(ok.script, /^#\$ -l gpu=2$/m)
    const no = await plan('sge', ['--gpus', '2'])
    assert.equal(no.code, 2)
    assert.match(no.stderr, /\[sge\] gpu_resource = gpu/)
    assert.deepEqual(no.files, [])
  })
})

describe('Torque and PBS Pro', () => {
  it('Torque: ppn is tasks per node x cores, gpus= per node, mem the total of mem-per-cpu', () => {
    assert.deepEqual(torque(o({ nodes: '2', tasks: '8', cores: '2', gpus: '4', 'mem-per-cpu': '1G' })).slice(0, 2),
      ['-l nodes=2:ppn=8:gpus=2', '-l mem=16384mb'])
    assert.deepEqual(torque(o({ 'tasks-per-node': '3', 'gpus-per-node': '1' }))[0], '-l nodes=1:ppn=3:gpus=1')
    assert.throws(() => torque(o({ nodes: '2', gpus: '3' })), /--gpus 3 does not divide evenly over --nodes 2/)
    assert.throws(() => torque(o({ gpus: 'a100:1' })), /with no type/)
    assert.throws(() => torque(o({ nodes: '2', tasks: '3' })), /--tasks 3 does not divide evenly/)
    assert.throws(() => torque(o({ nice: '2000' })), /from -1024 to 1023/)
  })
  it('PBS Pro: mpiprocs and ngpus in the chunk, place=excl, a reservation is its queue', () => {
    assert.deepEqual(pbspro(o({ nodes: '2', tasks: '8', cores: '2', gpus: '2', 'mem-per-cpu': '1G', exclusive: true })).slice(0, 2),
      ['-l select=2:ncpus=8:mpiprocs=4:ngpus=1:mem=8192mb', '-l place=scatter:excl'])
    assert.deepEqual(pbspro(o({ exclusive: true })).slice(0, 2), ['-l select=1:ncpus=1', '-l place=excl'])
    assert.ok(pbspro(o({ reservation: 'R123' })).includes('-q R123'))
    assert.ok(pbspro(o({ mail: 'all' })).includes('-m abe'))
    assert.ok(pbspro(o({ mail: 'none' })).includes('-m n'))
    assert.throws(() => pbspro(o({ reservation: 'R1', partition: 'workq' })), /a reservation is a queue of its own/)
  })
  it('refused where they have no such thing; passed over with a note where the job runs the same', async () => {
    for (const backend of ['torque', 'pbspro']) {
      const sig = await plan(backend, ['--signal', 'USR1@60'])
      assert.equal(sig.code, 2, backend)
      assert.match(sig.stderr, /sends no signal before the/)
      assert.deepEqual(sig.files, [])
      const note = await plan(backend, ['--qos', 'high', '--comment', 'x'])
      assert.equal(note.code, 0, note.stderr)
      assert.ok(note.notices.some((n) => /has no --qos, --comment: not passed on/.test(n)), note.notices.join('\n'))
    }
    assert.equal((await plan('torque', ['--reservation', 'r1'])).code, 2)
  })
})

describe('the local queue', () => {
  it('counts every task\'s cores and memory, refuses a signal and a reservation, and says what it passes over', async () => {
    assert.deepEqual(renderTable(LOCAL, o({ tasks: '4', 'mem-per-cpu': '1G' })), ['tasks=4', 'mem-per-cpu=1024M'])
    for (const [flags, why] of [[['--signal', 'USR1'], /no signal before the time limit/], [['--reservation', 'x'], /no reservations/]] as const) {
      const p = await plan('local', [...flags])
      assert.equal(p.code, 2, flags.join(' '))
      assert.match(p.stderr, why)
      assert.deepEqual(p.files, [])
    }
    const note = await plan('local', ['--mail', 'end', '--exclusive', '--extra', '--constraint=x'])
    assert.equal(note.code, 0, note.stderr)
    assert.deepEqual(note.notices, ['the local queue has no --exclusive, --mail, --extra: not passed on (the job runs without them)'])
  })
  it('GPUs and a hold are the daemon\'s to honour: written in the script\'s header line (whether it has the GPUs is asked at submit)', async () => {
    assert.deepEqual(renderTable(LOCAL, o({ gpus: 'a100:2', hold: true })), ['gpus=a100:2', 'hold'])
    assert.deepEqual(renderTable(LOCAL, o({ 'gpus-per-node': '1' })), ['gpus=1'])
    const p = await plan('local', ['--gpus', '2', '--hold'])
    assert.equal(p.code, 0, p.stderr)
    assert.match(p.script, /^# pcluster local job .*: cores=1 gpus=2 hold$/m)
  })
})

describe('release: what each system says about ids it does not know', () => {
  it('scontrol release (22.05), qrls on Torque/PBS Pro and on Grid Engine 8.1.9', () => {
    assert.deepEqual(parseRelease('Invalid job id specified for job 99999998\nslurm_suspend error: Invalid job id specified\n'), { unknown: ['99999998'], other: [] })
    assert.deepEqual(parseQrls('qrls: Unknown Job Id 7.srv\n', ['6.srv', '7.srv']), { unknown: ['7.srv'], other: [] })
    assert.deepEqual(parseQrls('qrls: nonexistent job id: 7.srv\n', ['7']), { unknown: ['7'], other: [] })
    assert.deepEqual(parseQrls('qrls: Unauthorized Request  7.srv\n', ['7.srv']).other, ['Unauthorized Request  7.srv'])
    assert.deepEqual(parseSgeQrls('modified hold of job 251\ndenied: job "99999" does not exist\n'), { unknown: ['99999'], other: [] })
  })
})
