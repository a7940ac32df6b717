// The local queue as the user steers it: a stop that sticks, --begin, --user, the submitter's umask, a config
// changed under a running daemon, and a request larger than the queue trimmed to fit (refused when strict).
import assert from 'node:assert/strict'
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { bash, cli, eventually } from '../../helpers.js'
import { localEnv, releaseFirst, stoppedWithOneQueued } from './env.js'


describe('local stop sticks', () => {
  it('queue, wait, cancel and status say it is stopped instead of restarting it; local start (or a submit) ends the stop', async () => {
    const t = localEnv(1)
    const run = (args: string[]) => cli(args, { env: t.env, cwd: t.dir })
    const b = await stoppedWithOneQueued(t)
    for (const args of [['queue'], ['wait', b!], ['cancel', b!]]) {
      const started = Date.now()
      const s = await run(args)
      assert.equal(s.code, 1, `${args.join(' ')}: ${s.stderr}`)
      assert.match(s.stderr, /the local queue is stopped \(pcluster local stop\)[^\n]*\n {2}hint: pcluster local start starts it again/)
      assert.ok(Date.now() - started < 5_000, `${args.join(' ')} took ${Date.now() - started} ms`)
    }
    // a ends now: a daemon that any of those had started would then start b, and still be there (b queued)
    releaseFirst(t)
    await eventually(() => existsSync(join(t.dir, 'a.cluster.end')) || undefined, 30_000, "a's end record")
    const st = await run(['local', 'status'])
    assert.equal(st.code, 1)
    assert.match(st.stdout, /^stopped by pcluster local stop/)
    assert.equal(existsSync(join(t.dir, 'b.cluster.out')), false, 'b ran while the queue was stopped')
    assert.equal((await run(['local', 'start'])).code, 0)
    const w = await run(['wait', b!])
    assert.equal(w.code, 0, w.stderr)
    assert.equal(readFileSync(join(t.dir, 'b.cluster.out'), 'utf8'), 'b\n')
    await run(['local', 'stop'])
    const again = await run(['submit', '--wait', 'true']) // a submit starts it too
    assert.equal(again.code, 0, again.stderr)
  })
})

describe('local queue: what it used to ignore', () => {
  it('--begin holds the job until then, with BeginTime as its reason; a form it cannot read is exit 2', async () => {
    const t = localEnv()
    // the reason, on a job an hour away (one 2 s away may have started by the time queue asks, on a busy machine)
    const later = (await cli(['submit', '--parsable', '--name', 'later', '--begin', 'now+1hour', 'true'], { env: t.env, cwd: t.dir })).stdout.trim()
    const q = JSON.parse((await cli(['queue', '--json'], { env: t.env, cwd: t.dir })).stdout) as { id: string; state: string; reason: string }[]
    const mine = q.find((j) => j.id === later)!
    assert.equal(mine.state, 'pending')
    assert.match(mine.reason, /^BeginTime: not before /)
    assert.equal((await cli(['cancel', later], { env: t.env, cwd: t.dir })).code, 0)
    const before = Math.floor(Date.now() / 1000)
    const id = (await cli(['submit', '--parsable', '--begin', 'now+2', 'date +%s'], { env: t.env, cwd: t.dir })).stdout.trim()
    const w = await cli(['wait', id], { env: t.env, cwd: t.dir })
    assert.equal(w.code, 0, w.stderr)
    assert.ok(Number(readFileSync(join(t.dir, 'date.cluster.out'), 'utf8')) >= before + 2, 'it started before its begin time')
    const bad = await cli(['submit', '--begin', 'soonish', 'true'], { env: t.env, cwd: t.dir })
    assert.equal(bad.code, 2, bad.stderr)
    assert.match(bad.stderr, /invalid value 'soonish' for --begin/)
    assert.equal(existsSync(join(t.dir, 'true.cluster.sh')), false)
  })

  it('--user another shows none of your jobs; all shows yours', async () => {
    const t = localEnv()
    const id = (await cli(['submit', '--parsable', 'true'], { env: t.env, cwd: t.dir })).stdout.trim()
    const other = JSON.parse((await cli(['queue', '--json', '--user', 'nobody'], { env: t.env, cwd: t.dir })).stdout) as unknown[]
    assert.deepEqual(other, [])
    const all = JSON.parse((await cli(['queue', '--json', '--user', 'all'], { env: t.env, cwd: t.dir })).stdout) as { id: string }[]
    assert.ok(all.some((j) => j.id === id))
  })

  it("jobs create their files with the submitter's umask, not the daemon's", async () => {
    const t = localEnv()
    const r = await bash(`
      umask 022; pcluster local start
      umask 077; pcluster submit --wait 'touch private'
      umask 002; pcluster submit --wait 'touch shared'`, { env: t.env, cwd: t.dir })
    assert.equal(r.code, 0, r.stderr)
    assert.equal(statSync(join(t.dir, 'private')).mode & 0o777, 0o600)
    assert.equal(statSync(join(t.dir, 'shared')).mode & 0o777, 0o664)
  })

  it('a [local] cores change under a running daemon is said by local status and by submit, with how to apply it', async () => {
    const t = localEnv(2)
    await cli(['local', 'start'], { env: t.env, cwd: t.dir })
    writeFileSync(t.config, '[local]\ncores = 3\nidle = 5\n')
    const line = /pcluster: the running local queue has 2 cores; the config says 3: pcluster local stop && pcluster local start applies it\n/
    const st = await cli(['local', 'status'], { env: t.env, cwd: t.dir })
    assert.match(st.stderr, line)
    const sub = await cli(['submit', 'true'], { env: t.env, cwd: t.dir })
    assert.equal(sub.code, 0, sub.stderr)
    assert.match(sub.stderr, line)
    await cli(['local', 'stop'], { env: t.env, cwd: t.dir })
    await cli(['local', 'start'], { env: t.env, cwd: t.dir })
    assert.doesNotMatch((await cli(['submit', 'true'], { env: t.env, cwd: t.dir })).stderr, /running local queue has/)
  })

  it('more cores or memory than the queue has is trimmed to fit with a warning; [local] strict = true refuses it', async () => {
    const t = localEnv(2)
    const r = await cli(['submit', '--wait', '--cores', '3', '--mem', '100T', 'echo $PCLUSTER_CORES'], { env: t.env, cwd: t.dir })
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stderr, /pcluster: --cores 3 is more than the local queue has: the job gets its 2 cores\n/)
    assert.match(r.stderr, /pcluster: --mem \d+M is more than the local queue has: the job gets its \d+ MB\n/)
    assert.equal(readFileSync(join(t.dir, 'echo.cluster.out'), 'utf8'), '2\n')
    const s = localEnv(2, 'strict = true\n')
    const refused = await cli(['submit', '--cores', '3', 'true'], { env: s.env, cwd: s.dir })
    assert.equal(refused.code, 2)
    assert.match(refused.stderr, /--cores 3 is more than the local queue has \(2 cores\)/)
  })
})
