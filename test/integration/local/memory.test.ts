// --mem on the local queue is a limit, as on Slurm: the daemon samples each job's resident memory every tick
// and stops a job past its --mem, which ends out_of_memory saying what it used; jobs within their --mem, with
// none, or with --mem 0 run untouched.
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { cli, eventually } from '../../helpers.js'
import { localEnv } from './env.js'

interface Row { id: string; state: string; reason: string; exitCode: number | null; maxRssMb?: number }

/** A perl holding about `mb` MB (twice that resident: perl copies the string) until the file `go` appears. */
const hold = (mb: number) => `perl -e '$x = q(a) x (${mb}*1024*1024); sleep 1 until -e q(go)'`

describe('local queue: --mem is enforced', () => {
  it('a job past its --mem ends out_of_memory with what it used; within it, without one, or with 0 it runs on', async () => {
    const t = localEnv(4)
    const run = (args: string[]) => cli(args, { env: t.env, cwd: t.dir })
    const submit = async (args: string[]) => {
      const r = await run(['submit', '--parsable', ...args])
      assert.equal(r.code, 0, r.stderr)
      return r.stdout.trim()
    }
    const queue = async () => new Map((JSON.parse((await run(['queue', '--json'])).stdout) as Row[]).map((j) => [j.id, j]))
    const none = await submit(['--name', 'none', hold(150)])
    const zero = await submit(['--name', 'zero', '--mem', '0', hold(150)])
    const within = await submit(['--name', 'within', '--mem', '200M', hold(20)])
    try {
      const over = await submit(['--name', 'over', '--mem', '100M', hold(600)]) // until the daemon stops it
      const w = await run(['wait', over])
      assert.equal(w.code, 1, w.stderr)
      assert.match(w.stderr, new RegExp(`job ${over} \\(over\\) ran out of memory[^\\n]*: used \\d+ MB of memory, more than its --mem of 100 MB`))
      const ended = (await queue()).get(over)!
      assert.equal(ended.state, 'out_of_memory')
      const used = Number(/used (\d+) MB/.exec(ended.reason)![1])
      assert.ok(used > 100 && ended.maxRssMb! >= used, `used ${used} MB, peak ${ended.maxRssMb} MB`)

      // the job within its limit has been sampled (its peak shows) and left running, as have the others
      const sampled = await eventually(async () => {
        const q = await queue()
        return q.get(within)?.maxRssMb !== undefined ? q : undefined
      }, 60_000, 'a sample of the job within its --mem')
      const peak = sampled.get(within)!.maxRssMb!
      assert.ok(peak >= 20 && peak < 200, `peak ${peak} MB`)
      for (const id of [none, zero, within]) assert.equal(sampled.get(id)!.state, 'running', id)
    } finally {
      writeFileSync(join(t.dir, 'go'), '') // the held jobs end, whatever happened above
    }
    const rest = await run(['wait', none, zero, within])
    assert.equal(rest.code, 0, rest.stderr)
    const done = await queue()
    for (const id of [none, zero, within]) assert.deepEqual([done.get(id)!.state, done.get(id)!.exitCode], ['completed', 0], id)
    // no limit, no sampling: nothing measured
    assert.deepEqual([done.get(none)!.maxRssMb, done.get(zero)!.maxRssMb], [undefined, undefined])
    assert.ok(done.get(within)!.maxRssMb! >= 20)
  })
})
