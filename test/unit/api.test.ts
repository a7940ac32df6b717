// The library face: `import ... from 'pcluster'` resolves (package self-reference) and has the documented API.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { testEnv } from '../helpers.js'

describe("import from 'pcluster'", () => {
  it('exports submit, Job, Queue, wait and the typed errors', async () => {
    const api = await import('pcluster')
    for (const name of ['submit', 'submitFile', 'Job', 'Queue', 'wait', 'planClean', 'runClean', 'loadConfig', 'setProfile',
      'UsageError', 'SchedulerError', 'PclusterError', 'parseMem', 'parseTime', 'OPTIONS', 'JOB_STATES', 'VERSION'])
      assert.ok(name in api, name)
  })
  it('Job.create resolves options and renders a script without writing anything', async () => {
    const { Job, UsageError } = await import('pcluster')
    const t = testEnv()
    process.env.PCLUSTER_CONFIG = t.config
    const job = await Job.create('echo hi', { cores: 3, mem: '2G' }, { qtype: 'slurm', cwd: t.dir })
    assert.match(job.render(), /#SBATCH --cpus-per-task=3\n#SBATCH --mem=2048M\n/)
    await assert.rejects(Job.create('echo hi', { mem: 'lots' }, { qtype: 'slurm', cwd: t.dir }), UsageError)
    await assert.rejects(Job.create('echo hi', { dir: 'nope' }, { qtype: 'slurm', cwd: t.dir }), /no such directory/)
  })
})
