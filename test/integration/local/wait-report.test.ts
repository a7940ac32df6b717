// What `wait` reports for jobs that did not succeed on the real local queue: the exit code from exit.ts's
// table even when the reader of stdout went away, long timeouts, and the job where a chain broke.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { BIN, bash, cli } from '../../helpers.js'
import { localEnv } from './env.js'

/** Runs the CLI with its stdout a pipe whose reader is already gone; resolves the exit code and stderr. */
function withStdoutClosed(args: string[], opts: { env: NodeJS.ProcessEnv; cwd: string }): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { ...opts, stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout.destroy() // closes our end before the child writes: its first write meets EPIPE
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stderr }))
  })
}

describe('wait reports (local queue)', () => {
  it('a failed job exits 1 even when the reader of stdout went away (wait --json ID | true)', async () => {
    const t = localEnv()
    const run = (args: string[]) => cli(args, { env: t.env, cwd: t.dir })
    const failing = (await run(['submit', '--parsable', 'exit 3'])).stdout.trim()
    assert.equal((await run(['wait', '--quiet', failing])).code, 1)
    const closed = await withStdoutClosed(['wait', '--quiet', '--json', failing], { env: t.env, cwd: t.dir })
    assert.equal(closed.code, 1, closed.stderr)
    assert.doesNotMatch(closed.stderr, /internal error/)
    // as a shell pipeline sees it
    const r = await bash(`set +e +o pipefail; pcluster wait --quiet --json ${failing} | true; echo "wait=\${PIPESTATUS[0]}"`, { env: t.env, cwd: t.dir })
    assert.match(r.stdout, /^wait=1$/m, r.stderr)
    const ok = (await run(['submit', '--parsable', 'true'])).stdout.trim()
    assert.equal((await withStdoutClosed(['wait', '--quiet', '--json', ok], { env: t.env, cwd: t.dir })).code, 0)
  })

  it('--timeout 50d (beyond what one timer can wait) waits as any other: the job\'s own exit', async () => {
    const t = localEnv()
    const run = (args: string[]) => cli(args, { env: t.env, cwd: t.dir })
    const failing = (await run(['submit', '--parsable', 'exit 3'])).stdout.trim()
    const w = await run(['wait', '--quiet', '--timeout', '50d', failing])
    assert.equal(w.code, 1, w.stderr)
    assert.match(w.stderr, /^pcluster: job \d+ \(exit\) failed with exit code 3\n$/)
  })

  it('wait on the last job of a broken chain a -> b -> c names a, where it broke, and a\'s stderr file', async () => {
    const t = localEnv()
    const r = await bash(`
      a=$(pcluster submit --parsable --name a 'echo oops >&2; exit 3')
      b=$(pcluster submit --parsable --name b --depends "$a" true)
      c=$(pcluster submit --parsable --name c --depends "$b" true)
      echo "$a $b $c"`, { env: t.env, cwd: t.dir })
    assert.equal(r.code, 0, r.stderr)
    const [a, b, c] = r.stdout.trim().split(' ') as [string, string, string]
    const w = await cli(['wait', '--quiet', c], { env: t.env, cwd: t.dir })
    assert.equal(w.code, 1, w.stderr)
    assert.equal(w.stderr, `pcluster: job ${c} (c) will never run: job ${b}, which it depends on, did not succeed; ` +
      `the chain broke at job ${a} (a), which failed with exit code 3; its stderr is in ${join(t.dir, 'a.cluster.err')}\n`)
    // the job right after the break: its parent is named once, with its stderr
    const wb = await cli(['wait', '--quiet', b], { env: t.env, cwd: t.dir })
    assert.equal(wb.stderr, `pcluster: job ${b} (b) will never run: job ${a}, which it depends on, did not succeed; ` +
      `job ${a} (a) failed with exit code 3; its stderr is in ${join(t.dir, 'a.cluster.err')}\n`)
  })
})
