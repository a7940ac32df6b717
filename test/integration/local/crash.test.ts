// The local queue daemon killed (SIGKILL) at the worst moments: during a job's start (the job runs once, and the
// next daemon tracks it: it can be cancelled), and with its store's last transactions then lost (no id is
// handed out twice, and the loss is said); and a store no longer readable at all.
import assert from 'node:assert/strict'
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync, writeSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { cli, eventually, type TestEnv } from '../../helpers.js'
import { localEnv } from './env.js'

/** The pids of the processes that carry this job id in this test's state dir (so: of this test's queue). */
function jobProcesses(t: TestEnv, id: string): number[] {
  const marks = [`PCLUSTER_JOB_ID=${id}\0`, `XDG_STATE_HOME=${t.state}\0`]
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).flatMap((pid) => {
    try {
      const env = readFileSync(`/proc/${pid}/environ`, 'latin1')
      return marks.every((m) => env.includes(m)) ? [Number(pid)] : []
    } catch {
      return []
    }
  })
}

const lines = (path: string) => { try { return readFileSync(path, 'utf8').split('\n').filter(Boolean) } catch { return [] } }

describe('local queue: a daemon killed while starting a job', () => {
  for (const point of ['spawned', 'recorded'] as const) {
    it(`killed once the job's process was ${point}: the next daemon runs it exactly once, and can cancel it`, async () => {
      const t = localEnv(1)
      const run = (args: string[], env = t.env) => cli(args, { env, cwd: t.dir })
      const ran = join(t.dir, 'ran')
      try {
        assert.equal((await run(['local', 'start'], { ...t.env, PCLUSTER_TEST_DAEMON_CRASH: point })).code, 0)
        const s = await run(['submit', '--parsable', '--name', 'once', `echo $$ >> ${ran}; until [ -e go ]; do sleep 0.05; done`])
        assert.equal(s.code, 0, s.stderr)
        const id = s.stdout.trim()
        await eventually(async () => ((await run(['local', 'status'])).stdout.startsWith('not running') || undefined), 30_000, 'the daemon to die')
        assert.equal((await run(['local', 'start'])).code, 0)
        await eventually(() => lines(ran).length || undefined, 30_000, 'the job to run')
        const q = JSON.parse((await run(['queue', '--json'])).stdout) as { id: string; state: string }[]
        assert.equal(q.find((j) => j.id === id)?.state, 'running')
        assert.equal((await run(['cancel', id])).code, 0)
        const w = await run(['wait', id])
        assert.equal(w.code, 1)
        assert.match(w.stderr, /cancelled/)
        assert.deepEqual(jobProcesses(t, id), [], 'a copy of the job runs that the queue does not know of')
        assert.equal(lines(ran).length, 1, `the job ran ${lines(ran).length} times`)
      } finally {
        writeFileSync(join(t.dir, 'go'), '')
      }
    })
  }
})

describe("local queue: a job's start, held until recorded", () => {
  it('reads no ~/.bashrc on the way (bash reads it when its stdin is a socket, as from sshd)', async () => {
    const t = localEnv(1)
    const home = join(t.dir, 'home')
    mkdirSync(home)
    writeFileSync(join(home, '.bashrc'), `echo read >> ${join(t.dir, 'bashrc-read')}\n`)
    const env = { ...t.env, HOME: home, SHLVL: '0' } // bash reads it only as the first shell level
    const s = await cli(['submit', '--wait', 'echo ran'], { env, cwd: t.dir })
    assert.equal(s.code, 0, s.stderr)
    assert.equal(existsSync(join(t.dir, 'bashrc-read')), false, 'the job read ~/.bashrc')
  })
})

describe('local queue: a store that lost its last transactions', () => {
  for (const damage of ['deleted', 'truncated'] as const) {
    it(`its -wal file ${damage} after a SIGKILL: no id is handed out again, the loss is said, and a wait on a lost id says so`, async () => {
      const t = localEnv(1)
      const run = (args: string[]) => cli(args, { env: t.env, cwd: t.dir })
      const old: string[] = []
      for (const code of [0, 7, 0]) old.push((await run(['submit', '--parsable', `exit ${code}`])).stdout.trim())
      assert.equal((await run(['wait', old[1]!])).code, 1)
      const { pid } = JSON.parse((await run(['local', 'status', '--json'])).stdout) as { pid: number }
      process.kill(pid, 'SIGKILL')
      await eventually(async () => ((await run(['local', 'status'])).stdout.startsWith('not running') || undefined), 30_000, 'the daemon to die')
      const dir = join(t.state, 'pcluster', 'local', hostname())
      if (damage === 'deleted') rmSync(join(dir, 'store.db-wal'))
      else truncateSync(join(dir, 'store.db-wal'), 1000) // its header and part of its first frame
      rmSync(join(dir, 'store.db-shm'), { force: true })
      const id = (await run(['submit', '--parsable', 'true'])).stdout.trim()
      assert.ok(Number(id) > Math.max(...old.map(Number)), `id ${id} was handed out before (${old.join(', ')})`)
      const st = await run(['local', 'status'])
      assert.match(st.stderr, new RegExp(`pcluster: jobs \\d+ to ${old[2]} were lost from the local queue's store ${dir}/store.db \\(`))
      assert.match(readFileSync(join(dir, 'daemon.log'), 'utf8'), /warning: jobs \d+ to \d+ were lost from the local queue's store/)
      // never another job's answer: the lost job's own end record still tells how it ended
      const w = await run(['wait', old[1]!])
      assert.equal(w.code, 1, w.stderr)
      assert.match(w.stderr, new RegExp(`job ${old[1]} \\(exit\\) failed with exit code 7: lost from the local queue's store`))
    })
  }
})

describe('local queue: a store that cannot be read', () => {
  it('wait says at once that the store is unreadable, with its path: exit 3, not minutes of retries and a failed job', async () => {
    const t = localEnv(1)
    const run = (args: string[]) => cli(args, { env: t.env, cwd: t.dir })
    const s = await run(['submit', '--wait', '--parsable', 'true'])
    assert.equal(s.code, 0, s.stderr)
    const id = s.stdout.trim()
    const { pid, store } = JSON.parse((await run(['local', 'status', '--json'])).stdout) as { pid: number; store: string }
    process.kill(pid, 'SIGTERM') // it leaves as when idle: its -wal written into the store, and no stop that sticks
    await eventually(async () => ((await run(['local', 'status'])).stdout.startsWith('not running') || undefined), 30_000, 'the daemon to leave')
    const fd = openSync(store, 'r+')
    writeSync(fd, Buffer.alloc(100, 'x'), 0, 100, 0) // its header
    closeSync(fd)
    const started = Date.now()
    const w = await run(['wait', '--timeout', '60', id])
    assert.equal(w.code, 3, w.stderr)
    assert.match(w.stderr, new RegExp(`^pcluster: the local queue's store ${store} cannot be used: file is not a database\n`))
    assert.ok(Date.now() - started < 15_000, `wait took ${Date.now() - started} ms`)
  })
})
