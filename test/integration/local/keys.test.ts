// Issue 26 on the local queue: a submit with a key already used answers that key's job while it is live or
// completed (as on Slurm: test/integration/slurm/once.test.ts), and submits anew once it was cancelled.
import assert from 'node:assert/strict'
import { readdirSync } from 'node:fs'
import { describe, it } from 'node:test'
import { cli } from '../../helpers.js'
import { localEnv } from './env.js'

describe('local queue: submit --key', () => {
  it("a key's live or completed job is answered, not submitted again; a cancelled one is submitted anew", async () => {
    const t = localEnv(1)
    const run = (args: string[]) => cli(args, { env: t.env, cwd: t.dir })
    const first = await run(['submit', '--parsable', '--hold', '--key', 'step-1', '--name', 'k', 'true'])
    assert.equal(first.code, 0, first.stderr)
    const id = first.stdout.trim()
    const again = await run(['submit', '--parsable', '--hold', '--key', 'step-1', '--name', 'k', 'true'])
    assert.equal(again.code, 0, again.stderr)
    assert.equal(again.stdout.trim(), id)
    assert.match(again.stderr, new RegExp(`job ${id} was submitted with key step-1 before: not submitted again`))
    assert.deepEqual(readdirSync(t.dir).filter((f) => f.startsWith('k.')), ['k.cluster.sh'], 'the second script written is taken back')
    assert.equal((await run(['cancel', id])).code, 0)
    const anew = await run(['submit', '--parsable', '--key', 'step-1', 'true'])
    assert.equal(anew.code, 0, anew.stderr)
    assert.notEqual(anew.stdout.trim(), id)
    const bad = await run(['submit', '--key', 'two words', 'true'])
    assert.equal(bad.code, 2)
    assert.match(bad.stderr, /--key "two words": a key is 1 to 100 letters/)
  })
})
