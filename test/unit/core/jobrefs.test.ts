// Whose job an id names: an id pcluster never submitted that the system knows as another user's job is
// refused, naming the owner, never reported as the caller's. On output recorded from the test Slurm
// (slurm-wlm 22.05): `sacct -j 44` for a job submitted by nobody (su nobody -c sbatch), asked as root.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { parseSacct } from '../../../src/backends/slurm/status.js'
import type { Backend } from '../../../src/backends/types.js'
import { refuseOthersJobs, splitJobIds } from '../../../src/core/jobrefs.js'
import type { LedgerEntry } from '../../../src/core/ledger.js'
import { FIXTURES } from '../../helpers.js'

const slurm = { name: 'slurm', title: 'Slurm' } as Backend
const recorded = new Map(parseSacct(readFileSync(join(FIXTURES, 'slurm', 'sacct-other-user.txt'), 'utf8')).map((j) => [j.id, j]))

describe('whose job an id names', () => {
  it("an id pcluster never submitted that is another user's job: a usage error (exit 2) naming the owner", () => {
    assert.equal(recorded.get('44')?.user, 'nobody')
    assert.throws(() => refuseOthersJobs(slurm, 'root', recorded, new Map()), (e: Error & { code: string; exitCode: number; hint: string }) => {
      assert.equal(e.code, 'NOT_YOUR_JOB')
      assert.equal(e.exitCode, 2)
      assert.equal(e.message, 'Slurm job 44 belongs to user nobody, not to you (root): pcluster submitted no job 44 from this account')
      assert.match(e.hint, /--qtype/)
      return true
    })
  })
  it("the owner's own job, a job pcluster submitted, and a Queue of every user's jobs are answered", () => {
    refuseOthersJobs(slurm, 'nobody', recorded, new Map())
    refuseOthersJobs(slurm, 'root', recorded, new Map([['44', {} as LedgerEntry]]))
    refuseOthersJobs(slurm, undefined, recorded, new Map())
  })
  it('ids as typed: split on commas and spaces; an empty one is refused', () => {
    assert.deepEqual(splitJobIds(['1,2', ' 3 4 ']), ['1', '2', '3', '4'])
    assert.throws(() => splitJobIds(['']), /an empty job id/)
  })
})
