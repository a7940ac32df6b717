// The library face: `import ... from 'pcluster'` resolves (package self-reference) and has exactly the
// documented API. The names are pinned at run time; the signatures at compile time (tsc checks the
// assignments below, so a changed parameter or return type breaks the build of this test).
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import * as api from 'pcluster'
import type { Backend, BackendName, CancelResult, Job, JobStatus, QType, RawOptions } from 'pcluster'
import { testEnv } from '../helpers.js'

const EXPORTS = [
  'BACKEND_NAMES', 'FileError', 'JOB_STATES', 'Job', 'OPTIONS', 'PclusterError', 'Queue', 'SchedulerError', 'TransientError',
  'UsageError', 'VERSION', 'coerceOptions', 'commandFromArgv', 'configPath', 'deleteProfile', 'describeFailure', 'detectQType',
  'formatTime', 'isFinal', 'loadBackend', 'loadConfig', 'parseMem', 'parseTime', 'pickBackend', 'planClean', 'resolveOptions',
  'runClean', 'setProfile', 'submit', 'submitFile', 'wait',
]

// compile-time pins of the main signatures
const pins: {
  submit: (command: string, options?: RawOptions, settings?: api.JobSettings & api.SubmitSettings) => Promise<Job>
  wait: (jobs: readonly (string | Job)[], opts?: api.WaitOptions & { qtype?: string }) => Promise<JobStatus[]>
  submitFile: (script: string, opts?: { depends?: readonly string[]; qtype?: string }) => Promise<{ id: string; qtype: string }>
  loadBackend: (name: string) => Promise<Backend>
  detectQType: (asked?: string) => Promise<BackendName>
  cancel: Backend['cancel']
} = { submit: api.submit, wait: api.wait, submitFile: api.submitFile, loadBackend: api.loadBackend, detectQType: api.detectQType,
  cancel: async (): Promise<CancelResult> => ({ unknown: [], ended: [] }) }
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
    await assert.rejects(Job.create('echo hi', { depends: 'abc' }, { qtype: 'slurm', cwd: t.dir }), /invalid job id 'abc'.*not a Slurm job id/)
  })
})
