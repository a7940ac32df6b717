// What only Grid Engine has, end to end on the project's own test Grid Engine (test/integration/sge/start-sge.sh):
// values qsub cannot read back, a parallel environment the site lacks, afterok for submit-file jobs and for
// parents pcluster did not submit. The flow every batch system shares (pipelines, a failing chain, queue --json,
// profiles, refusals, clean) is test/integration/whole-flow.test.ts.
import assert from 'node:assert/strict'
import { readdirSync, writeFileSync } from 'node:fs'
import { describe, it, after } from 'node:test'
import { spawnSync } from 'node:child_process'
import { cli, testEnv } from '../../helpers.js'
import { HAVE_SGE, NO_SGE, sgeEnv } from './ours.js'

const skip = !HAVE_SGE && NO_SGE
const SGE = sgeEnv()
const env = () => testEnv({ ...SGE, PCLUSTER_QTYPE: 'sge' })
const submitted: string[] = []
const track = (ids: string) => { submitted.push(...ids.split(/\s+/).filter((w) => /^\d+$/.test(w))); return ids }

after(() => {
  // jobs a test left waiting must not linger
  if (HAVE_SGE && submitted.length) spawnSync('qdel', submitted, { stdio: 'ignore', env: { ...process.env, ...SGE } })
})

describe('sge: refusals', { skip, concurrency: true }, () => {
  it('a value qsub cannot read back in a directive is refused, nothing written', async () => {
    const t = env()
    const quote = await cli(['submit', '--partition', 'a"b', 'true'], { env: t.env, cwd: t.dir })
    assert.equal(quote.code, 2)
    assert.match(quote.stderr, /cannot read a " or \\/)
    assert.deepEqual(readdirSync(t.dir).filter((f) => f.includes('.cluster.')), [])
  })

  it('--cores with a parallel environment the site lacks: one line naming it, where to set [sge] pe, and the ones there are', async () => {
    const t = env()
    writeFileSync(t.config, '[sge]\npe = nosuchpe\n')
    const r = await cli(['submit', '--cores', '2', 'true'], { env: t.env, cwd: t.dir })
    assert.equal(r.code, 1)
    assert.equal(r.stderr, `pcluster: Grid Engine has no parallel environment "nosuchpe" (--cores 2 asks for one): set pe = NAME under [sge] in ${t.config}, NAME being one of this site's: make mpi smp\n`)
    assert.deepEqual(readdirSync(t.dir).filter((f) => f.includes('.cluster.')), [])
    // one core needs no parallel environment: the same config submits
    const one = await cli(['submit', '--parsable', '--wait', 'true'], { env: t.env, cwd: t.dir })
    track(one.stdout)
    assert.equal(one.code, 0, one.stderr)
  })
})
