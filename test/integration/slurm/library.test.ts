// The library on the project's own test Slurm: python-cluster's manual examples run unchanged, and function
// jobs return their value or their remote stack, through sbatch like any job.
import { it } from 'node:test'
import { HAVE_SLURM, NO_SLURM, suite, testEnv } from '../../helpers.js'
import { functionJobs, runManualExamples } from '../library-flow.js'

const skip = !HAVE_SLURM && NO_SLURM

suite('slurm: the library', { skip }, () => {
  it("python-cluster's manual examples, line for line, run unchanged", async () => {
    await runManualExamples(testEnv(), 'slurm')
  })

  it('a function job returns its value; a failing one its remote stack; clean takes their files', async () => {
    const t = testEnv()
    const saved = { ...process.env }
    Object.assign(process.env, { PCLUSTER_CONFIG: t.config, XDG_STATE_HOME: t.state, PCLUSTER_QTYPE: '' })
    try {
      await functionJobs(t, 'slurm')
    } finally {
      process.env = saved
    }
  })
})
