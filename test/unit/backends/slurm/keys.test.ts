// Submission keys on Slurm: written as the job's comment, read back from squeue's %k (recorded from the test
// Slurm, 22.05: test/fixtures/slurm/squeue-keys.txt, jobs 341 and 344 with key fixture-a, 343 with no comment);
// an sbatch answer that does not say the job was refused counts as unclear, so that the key is looked up.
import assert from 'node:assert/strict'
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { keyArgv, parseKeyed } from '../../../../src/backends/slurm/keys.js'
import { submit, submitArgv } from '../../../../src/backends/slurm/submit.js'
import { FIXTURES } from '../../../helpers.js'

const recorded = readFileSync(join(FIXTURES, 'slurm', 'squeue-keys.txt'), 'utf8')

describe('Slurm submission keys', () => {
  it('the newest job carrying the key; none for another key, a plain comment or none', () => {
    assert.equal(parseKeyed(recorded, 'fixture-a'), '344')
    assert.equal(parseKeyed(recorded, 'fixture'), undefined)
    assert.equal(parseKeyed(recorded, 'some other comment'), undefined)
    assert.equal(parseKeyed('', 'fixture-a'), undefined)
  })

  it('sbatch writes the key as the comment, before the options given with a script (a --comment of the user wins)', () => {
    assert.deepEqual(keyArgv(undefined), [])
    const argv = submitArgv({ script: 'job.sh', depends: [], key: 'k1', options: { name: 'x' } })
    assert.ok(argv.indexOf('--comment=pcluster-key:k1') < argv.indexOf('job.sh'))
    assert.ok(argv.indexOf('--comment=pcluster-key:k1') < argv.findIndex((a) => a.startsWith('--job-name')))
  })

  async function withSbatch(body: string): Promise<unknown> {
    const bin = mkdtempSync(join(tmpdir(), 'pcluster-sbatch-'))
    writeFileSync(join(bin, 'sbatch'), `#!/bin/sh\n${body}\n`)
    chmodSync(join(bin, 'sbatch'), 0o755)
    const path = process.env.PATH
    process.env.PATH = `${bin}:${path}`
    try {
      return await submit({ script: 'job.sh', depends: [], timeoutMs: 2000 }).catch((e: unknown) => e)
    } finally {
      process.env.PATH = path
    }
  }

  it('an exit without a reason, a kill or a hang past the timeout is unclear (SUBMIT_UNKNOWN); a stated refusal is not', async () => {
    assert.equal((await withSbatch('exit 1') as { code: string }).code, 'SUBMIT_UNKNOWN')
    assert.equal((await withSbatch('kill -9 $$') as { code: string }).code, 'SUBMIT_UNKNOWN')
    const hang = await withSbatch('exec sleep 30') as { code: string; message: string }
    assert.equal(hang.code, 'SUBMIT_UNKNOWN')
    assert.match(hang.message, /did not answer within 2 s/)
    const refused = await withSbatch('echo "sbatch: error: Batch job submission failed: Invalid partition name specified" >&2; exit 1') as { code: string }
    assert.equal(refused.code, 'SUBMIT_REFUSED')
  })
})
