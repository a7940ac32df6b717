// `queue` on the local queue as a user sees it: names by glob, a partition (the local queue has none), and
// --all (issue 17 and 14's queue filters).
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { bash, cli } from '../../helpers.js'
import { localEnv } from './env.js'

describe('queue filters on the local queue', () => {
  it('--name matches a glob over the whole name; --partition shows only jobs in it; --all shows every job kept', async () => {
    const t = localEnv()
    const r = await bash(`
      ids="$(pcluster submit --parsable --name align1 true) $(pcluster submit --parsable --name align2 true) $(pcluster submit --parsable --name sort true)"
      pcluster wait --quiet $ids`, { env: t.env, cwd: t.dir })
    assert.equal(r.code, 0, r.stderr)
    const names = async (...args: string[]) => {
      const q = await cli(['queue', '--json', ...args], { env: t.env, cwd: t.dir })
      assert.equal(q.code, 0, q.stderr)
      return (JSON.parse(q.stdout) as { name: string }[]).map((j) => j.name).sort()
    }
    assert.deepEqual(await names(), ['align1', 'align2', 'sort'])
    assert.deepEqual(await names('--name', 'align*'), ['align1', 'align2'])
    assert.deepEqual(await names('--name', 's?rt'), ['sort'])
    assert.deepEqual(await names('--partition', 'long'), [])
    assert.deepEqual(await names('--all', '--name', 'sort'), ['sort'])
    assert.deepEqual(await names('--since', '7d', '--state', 'completed'), ['align1', 'align2', 'sort'])
  })
})
