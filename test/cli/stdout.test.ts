// Data on stdout: a reader that goes away ends pcluster quietly (exit as before), and stdout that cannot be
// written is said plainly, not as an internal error (small writes go straight to descriptor 1: output.ts).
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { bash, testEnv } from '../helpers.js'

describe('stdout', () => {
  it('a reader that stops early (| head -1) ends pcluster quietly, for help and for data', async () => {
    const t = testEnv()
    const r = await bash(`
      pcluster --help | head -1; echo "help=\${PIPESTATUS[0]}"
      pcluster options | head -1; echo "options=\${PIPESTATUS[0]}"`, { env: t.env, cwd: t.dir })
    assert.match(r.stdout, /^Usage: pcluster[^\n]*\nhelp=0\n[^\n]+\noptions=0\n$/)
    assert.equal(r.stderr, '')
  })

  it('stdout that cannot be written (a full disk) is exit 1 with the reason, not an internal error', async () => {
    const t = testEnv()
    const r = await bash(`pcluster submit --qtype local --dry-run --json true > /dev/full || echo "rc=$?" >&2`, { env: t.env, cwd: t.dir })
    assert.match(r.stderr, /^pcluster: cannot write to standard output: ENOSPC[^\n]*\n[\s\S]*rc=1\n$/)
    assert.doesNotMatch(r.stderr, /internal error/)
  })
})
