// The library face: `import ... from 'pcluster'` resolves (package self-reference) and has exactly the
// documented API. The names are pinned at run time; the signatures at compile time (tsc checks the
// assignments below, so a changed parameter or return type breaks the build of this test).
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import * as api from 'pcluster'
import type { Backend, BackendName, CancelResult, Job, JobStatus, QType, RawOptions } from 'pcluster'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { inspect } from 'node:util'
import { testEnv } from '../helpers.js'

process.env.XDG_STATE_HOME = testEnv().state // the names a job file takes are remembered there

const EXPORTS = [
  'BACKEND_NAMES', 'FileError', 'JOB_STATES', 'Job', 'LOG_LEVELS', 'OPTIONS', 'PclusterError', 'Queue', 'RemoteError', 'SchedulerError', 'TransientError',
  'UsageError', 'VERSION', 'checkArguments', 'clean', 'cleanDir', 'cmd', 'coerceOptions', 'commandFromArgv', 'configPath', 'deleteOption',
  'deleteProfile', 'describeFailure', 'detectQType', 'formatTime', 'getClusterEnvironment', 'getLogLevel', 'getOption', 'getProfile', 'isFinal',
  'loadBackend', 'loadConfig', 'makeJob', 'makeJobFile', 'openZipped', 'optionHelp', 'optionToString', 'optionsToString', 'parseMem',
  'parseTime', 'pickBackend', 'planClean', 'resolveOptions', 'runClean', 'setLogLevel', 'setOption', 'setProfile', 'splitFile', 'submit', 'submitFile',
  'useLog', 'wait', 'which',
]

export function square(x: number): number {
  return x * x
}

// compile-time pins of the main signatures
const pins: {
  submit: (command: string | readonly string[], args?: readonly unknown[] | api.JobInit, options?: api.JobInit) => Promise<Job>
  submitFn: (fn: typeof square, args: [number], options?: api.JobInit) => Promise<Job<number>>
  job: new (what: api.JobTarget, args?: readonly unknown[] | api.JobInit, options?: api.JobInit) => Job
  get: Job<number>['get']
  wait: (jobs: api.JobRef | readonly api.JobRef[], opts?: api.WaitOptions & { qtype?: string }) => Promise<JobStatus[]>
  submitFile: (script: string, opts?: { depends?: api.JobRef | readonly api.JobRef[]; args?: readonly (string | number)[]; qtype?: string }) => Promise<{ id: string; qtype: string }>
  makeJobFile: (command: string, args?: readonly unknown[] | api.JobInit, options?: api.JobInit) => Promise<string>
  clean: (jobs: Job | readonly Job[], opts?: { deleteOutputs?: boolean }) => Promise<string[]>
  cleanDir: (dir?: string, opts?: { suffix?: string; qtype?: string; confirm?: boolean }) => Promise<string[]>
  queue: new (init?: api.QueueInit) => api.Queue
  canSubmit: api.Queue['canSubmit']
  optionsToString: (options: api.Keywords, qtype?: string) => string
  optionToString: (name: string, value: api.Keywords[keyof api.Keywords], qtype?: string) => string
  optionHelpText: (opts?: { qtype?: string; mode?: 'string' }) => string
  optionHelpRows: (opts: { qtype?: string; mode: 'table' }) => api.OptionHelpRow[]
  optionHelpPrint: (opts: { qtype?: string; mode: 'print' }) => void
  checkArguments: (kwargs: api.Keywords) => api.JobOptions
  setProfile: (name: string, options: api.Keywords) => RawOptions
  getOption: (section?: string, key?: string) => unknown
  cmd: (command: string, args?: readonly (string | number)[], opts?: { stdout?: string; stderr?: string; tries?: number }) => Promise<api.CmdResult>
  which: (program: string) => string | null
  splitFile: (path: string, parts: number, opts?: { outpath?: string; keepHeader?: boolean }) => Promise<string[]>
  getClusterEnvironment: () => Promise<QType>
  loadBackend: (name: string) => Promise<Backend>
  detectQType: (asked?: string) => Promise<BackendName>
  cancel: Backend['cancel']
} = { submit: api.submit, submitFn: api.submit, job: api.Job, get: api.Job.prototype.get, wait: api.wait, submitFile: api.submitFile,
  makeJobFile: api.makeJobFile, clean: api.clean, cleanDir: api.cleanDir, queue: api.Queue, canSubmit: api.Queue.prototype.canSubmit,
  optionsToString: api.optionsToString, optionToString: api.optionToString, optionHelpText: api.optionHelp, optionHelpRows: api.optionHelp,
  optionHelpPrint: api.optionHelp, checkArguments: api.checkArguments, setProfile: api.setProfile, getOption: api.getOption,
  cmd: api.cmd, which: api.which, splitFile: api.splitFile, getClusterEnvironment: api.getClusterEnvironment,
  loadBackend: api.loadBackend, detectQType: api.detectQType,
  cancel: async (): Promise<CancelResult> => ({ unknown: [], ended: [] }) }
// python-cluster's synonyms are accepted by the types too
const kwargs: api.JobInit = { cpus: 2, memory: '4G', queue: 'long', walltime: '1:00:00', dependencies: ['12', 13], qtype: 'slurm' }
const qtype: QType = 'local'

describe("import from 'pcluster'", () => {
  it('exports exactly the documented names', () => {
    assert.deepEqual(Object.keys(api).sort(), [...EXPORTS].sort())
    assert.equal(typeof pins.submit, 'function')
    assert.deepEqual([...api.BACKEND_NAMES], ['slurm', 'sge', 'torque', 'pbspro', qtype])
  })
  it('Job.create resolves options and renders a script without writing anything', async () => {
    const { Job, UsageError } = api
    const t = testEnv()
    process.env.PCLUSTER_CONFIG = t.config
    const job = await Job.create('echo hi', { cores: 3, mem: '2G' }, { qtype: 'slurm', cwd: t.dir })
    assert.match(job.render(), /#SBATCH --cpus-per-task=3\n#SBATCH --mem=2048M\n/)
    await assert.rejects(Job.create('echo hi', { mem: 'lots' }, { qtype: 'slurm', cwd: t.dir }), UsageError)
    await assert.rejects(Job.create('echo hi', { dir: 'nope' }, { qtype: 'slurm', cwd: t.dir }), /no such directory/)
    await assert.rejects(Job.create('echo hi', { depends: 'abc' }, { qtype: 'slurm', cwd: t.dir }), /invalid job id 'abc'.*not a job id of Slurm/)
  })
  it('new Job is synchronous: synonyms, a Job as a dependency, the script and its path before submission, util.inspect', async () => {
    const { Job, UsageError } = api
    const t = testEnv()
    process.env.PCLUSTER_CONFIG = t.config
    assert.throws(() => new Job('echo hi', { memory: 'lots', qtype: 'slurm' }), UsageError)
    assert.throws(() => new Job('echo hi', { coress: 2 } as api.JobInit), /unknown option 'coress'/)
    const parent = new Job('true', { qtype: 'slurm', cwd: t.dir })
    assert.throws(() => new Job('echo hi', { dependencies: parent, qtype: 'slurm' }), /not submitted yet/)
    parent.id = '41'
    const job = new Job('echo', ['a b', 'c'], { ...kwargs, dependencies: [parent, 42], cwd: t.dir })
    assert.equal(job.command, "echo 'a b' c")
    assert.deepEqual(job.depends, ['41', '42'])
    const script = await job.script()
    assert.equal(script.path, join(t.dir, 'echo.cluster.sbatch'))
    assert.equal(script.written, false)
    assert.match(script.text, /#SBATCH --cpus-per-task=2\n#SBATCH --mem=4096M\n#SBATCH --time=01:00:00\n#SBATCH --partition=long\n/)
    assert.match(inspect(job), /^Job \{ name: "echo", id: not submitted, backend: slurm, state: not submitted, files: not written \}$/)
    const path = await api.makeJobFile('echo hi', { qtype: 'slurm', cwd: t.dir, name: 'made' })
    assert.equal(path, join(t.dir, 'made.cluster.sbatch'))
    assert.match(readFileSync(path, 'utf8'), /--job-name=made/)
  })
  it('a function job: the export found by itself, or named by hand; what cannot be shipped is refused at once', async () => {
    const { Job, UsageError } = api
    const t = testEnv()
    process.env.PCLUSTER_CONFIG = t.config
    const job = new Job(square, [3], { qtype: 'slurm', cwd: t.dir })
    assert.deepEqual([job.name, job.function?.export, job.function?.module], ['square', 'square', import.meta.url])
    assert.match((await job.script()).text, /--input-type=module -e .*square\.cluster\.fn\.in .*square\.cluster\.fn\.result\n/s)
    const byHand = new Job({ module: fileURLToPath(import.meta.url), export: 'square' }, [3], { qtype: 'slurm', cwd: t.dir })
    assert.equal(byHand.function?.module, import.meta.url)
    const inner = (x: number) => x
    for (const [fn, why] of [[inner, /function inner .* no export statement of its module defines a function at that place/], [() => 1, /anonymous function .* no export statement/],
      [Math.max, /function max .*built in or bound/], [square.bind(null), /built in or bound/]] as const) {
      assert.throws(() => new Job(fn, [], { qtype: 'slurm' }), (e: Error) => e instanceof UsageError && why.test(`${e.message} ${(e as api.UsageError).hint}`))
    }
    assert.throws(() => new Job(square, [() => 1] as never, { qtype: 'slurm' }), /arguments of square cannot be sent/)
    // the Node on the node: the submitting one by default, else [jobs] node, else the option
    assert.ok((await job.script()).text.includes(`${process.execPath} --input-type=module -e `))
    writeFileSync(t.config, '[jobs]\nnode = /opt/node-22/bin/node\n')
    assert.match((await new Job(square, [3], { qtype: 'slurm', cwd: t.dir }).script()).text, /^#   \/opt\/node-22\/bin\/node --input-type=module -e /m)
    assert.match((await new Job(square, [3], { qtype: 'slurm', cwd: t.dir, node: 'node', nodeArgs: ['--import', 'tsx'] }).script()).text,
      /^#   node --import tsx --input-type=module -e /m)
  })
})
