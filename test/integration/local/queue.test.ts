// The local queue against its real daemon: each test has its own XDG state dir, so its own daemon.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { bash, cli, eventually, FIXTURES, held, release, started, testEnv, type TestEnv } from '../../helpers.js'
import { localEnv, releaseFirst, stopAfterwards, stoppedWithOneQueued } from './env.js'

const daemonDir = (t: TestEnv) => join(t.state, 'pcluster', 'local', (readFileSync('/proc/sys/kernel/hostname', 'utf8')).trim())

/** The daemon's own account of itself (starting it if none runs). */
async function info(t: TestEnv): Promise<{ pid: number; store: string; socket: string; counts: Record<string, number> }> {
  await cli(['local', 'start'], { env: t.env, cwd: t.dir })
  const r = await cli(['local', 'status', '--json'], { env: t.env, cwd: t.dir })
  return JSON.parse(r.stdout)
}

describe('local queue: the basics', () => {
  it('submit returns an id at once; the job runs; --wait gives its exit code; files are named as on Slurm', async () => {
    const t = localEnv()
    const r = await cli(['submit', '--wait', '--json', 'echo "hello from $PCLUSTER_QTYPE"; exit 0'], { env: t.env, cwd: t.dir })
    assert.equal(r.code, 0, r.stderr)
    const job = JSON.parse(r.stdout) as { id: string; qtype: string; script: string; out: string; err: string }
    assert.equal(job.qtype, 'local')
    assert.equal(job.script, join(t.dir, 'echo.cluster.sh'))
    assert.equal(readFileSync(job.out, 'utf8'), 'hello from local\n')
    assert.match(readFileSync(join(t.dir, 'echo.cluster.end'), 'utf8'), /^exit_code=0\nstart=\d+\nend=\d+\n$/)
    const failed = await cli(['submit', '--wait', '--parsable', 'exit 6'], { env: t.env, cwd: t.dir })
    assert.equal(failed.code, 6)
  })

  it('a three-job chain runs in order', async () => {
    const t = localEnv(4)
    // the first job runs until all three are queued, so the others wait on a live job
    const r = await bash(`
      j1=$(pcluster submit --parsable '${held('one')}; echo one >> order.txt')
      j2=$(pcluster submit --parsable --depends "$j1" 'echo two >> order.txt')
      j3=$(pcluster submit --parsable --depends "$j2" -- sh -c 'echo three >> order.txt')
      touch one.go
      pcluster wait --quiet "$j3"`, { env: t.env, cwd: t.dir })
    assert.equal(r.code, 0, r.stderr)
    assert.equal(readFileSync(join(t.dir, 'order.txt'), 'utf8'), 'one\ntwo\nthree\n')
  })

  it('a failed dependency stops its dependents, down the chain, and ends the wait non-zero at once', async () => {
    const t = localEnv()
    // a wait that hung on the never-runnable job would give up with 124 instead (a deadline, not a timing)
    const r = await bash(`
      j1=$(pcluster submit --parsable --name first 'exit 3')
      j2=$(pcluster submit --parsable --depends "$j1" 'touch ran2')
      j3=$(pcluster submit --parsable --depends "$j2" --name last 'touch ran3')
      pcluster wait --timeout 60 "$j3" || echo "rc=$?"
      pcluster queue --json > q.json`, { env: t.env, cwd: t.dir })
    assert.match(r.stdout, /rc=1\n/, r.stderr)
    assert.match(r.stderr, /job \d+ \(last\) will never run: job \d+, which it depends on, did not succeed/)
    assert.equal(existsSync(join(t.dir, 'ran2')) || existsSync(join(t.dir, 'ran3')), false)
    const q = JSON.parse(readFileSync(join(t.dir, 'q.json'), 'utf8')) as { name: string; state: string; exitCode: number | null }[]
    assert.deepEqual(q.map((j) => [j.name, j.state, j.exitCode]), [
      ['first', 'failed', 3], ['touch', 'dependency_never_satisfied', null], ['last', 'dependency_never_satisfied', null]])
  })

  it('a command with a syntax error fails like any other, with its exit code', async () => {
    const t = localEnv()
    const r = await cli(['submit', '--wait', '--name', 'broken', "echo 'unterminated ) ; exit 0"], { env: t.env, cwd: t.dir })
    assert.equal(r.code, 2, r.stderr)
    assert.match(r.stderr, /job \d+ \(broken\) failed with exit code 2/)
  })

  it('wait on a terminal shows a spinner, then the verdict, and exits with it', async () => {
    const t = localEnv()
    const id = (await cli(['submit', '--parsable', '--name', 'tty', 'sleep 1; exit 3'], { env: t.env, cwd: t.dir })).stdout.trim()
    for (const size of ['stty cols 100 rows 30;', '']) { // a sized terminal, and one of zero columns
      const r = await bash(`script -qec "${size} pcluster wait ${id}" /dev/null`, { env: t.env, cwd: t.dir })
      assert.equal(r.code, 1, r.stdout)
      assert.match(r.stdout, new RegExp(`job ${id} \\(tty\\) failed with exit code 3`))
      assert.ok(r.stdout.length < 20_000, `${r.stdout.length} bytes of terminal output`)
    }
  })

  it('bad input gets the same clear errors as on Slurm, and nothing runs', async () => {
    const t = localEnv(2) // (a request larger than the queue is trimmed to fit: control.test.ts)
    const dep = await cli(['submit', '--depends', '999', 'true'], { env: t.env, cwd: t.dir })
    assert.equal(dep.code, 2)
    assert.match(dep.stderr, /no job 999/)
    const bad = await cli(['submit', '--mem', 'lots', 'true'], { env: t.env, cwd: t.dir })
    assert.equal(bad.code, 2)
    assert.deepEqual((await info(t)).counts, {})
  })
})

describe('local queue: as a library', () => {
  it('submit, wait, output and clean from code', async () => {
    const t = localEnv()
    const saved = { ...process.env }
    Object.assign(process.env, { PCLUSTER_CONFIG: t.config, XDG_STATE_HOME: t.state, PCLUSTER_QTYPE: '' })
    try {
      const { submit, wait } = await import('pcluster')
      // qtype among the options, as python-cluster's submit(cmd, **kwargs) took it
      const job = await submit('echo out; echo err >&2; exit 4', { name: 'lib', cores: 1, qtype: 'local' }, { cwd: t.dir })
      assert.equal(job.qtype, 'local')
      const [status] = await wait([job])
      assert.deepEqual([status!.state, status!.exitCode], ['failed', 4])
      assert.deepEqual(await job.output(), { stdout: 'out\n', stderr: 'err\n' })
      const deleted = await job.clean({ deleteOutputs: true })
      assert.deepEqual(deleted.map((f) => f.slice(t.dir.length + 1)).sort(), ['lib.cluster.end', 'lib.cluster.err', 'lib.cluster.out', 'lib.cluster.sh'])
    } finally {
      process.env = saved
    }
  })

  it('clean keeps a shared output file while a job that writes it still runs', async () => {
    const t = localEnv()
    const r = await bash(`
      a=$(pcluster submit --parsable --name done --outfile run.log 'echo first')
      pcluster wait --quiet "$a"
      pcluster submit --parsable --name live --outfile run.log '${held('live')}'`, { env: t.env, cwd: t.dir })
    assert.equal(r.code, 0, r.stderr)
    await started(t.dir, 'live')
    const c = await cli(['clean', '--yes'], { env: t.env, cwd: t.dir })
    assert.equal(c.code, 0, c.stderr)
    assert.match(c.stderr, /keeping the files of job \d+ \(live\): job \d+ is running/)
    const { readdirSync } = await import('node:fs')
    const left = readdirSync(t.dir).sort()
    assert.ok(left.includes('run.log') && left.includes('live.cluster.sh'), left.join(' '))
    assert.ok(!left.includes('done.cluster.sh') && !left.includes('done.cluster.end'), left.join(' '))
    release(t.dir, 'live')
    assert.equal((await cli(['wait', r.stdout.trim()], { env: t.env, cwd: t.dir })).code, 0)
  })

  it('clean --suffix still keeps a file that a running job of another suffix writes', async () => {
    const t = localEnv()
    const r = await bash(`
      a=$(pcluster submit --parsable --suffix a --outfile shared.log 'echo a')
      pcluster wait --quiet "$a"
      pcluster submit --parsable --suffix b --outfile shared.log '${held('b')}'`, { env: t.env, cwd: t.dir })
    assert.equal(r.code, 0, r.stderr)
    await started(t.dir, 'b')
    const c = await cli(['clean', '--yes', '--suffix', 'a'], { env: t.env, cwd: t.dir })
    assert.equal(c.code, 0, c.stderr)
    const { readdirSync } = await import('node:fs')
    const left = readdirSync(t.dir).sort()
    assert.ok(left.includes('shared.log'), left.join(' '))
    assert.ok(!left.includes('echo.a.sh') && left.includes('touch.b.sh'), left.join(' '))
    release(t.dir, 'b')
    assert.equal((await cli(['wait', r.stdout.trim()], { env: t.env, cwd: t.dir })).code, 0)
  })

  it('clean never deletes a user-named output of a job that never ran', async () => {
    const t = localEnv()
    writeFileSync(join(t.dir, 'results.txt'), 'last week\'s results')
    const r = await bash(`
      a=$(pcluster submit --parsable 'exit 1')
      b=$(pcluster submit --parsable --name never --depends "$a" --outfile results.txt 'echo new')
      pcluster wait --quiet "$b" || true
      pcluster clean --yes`, { env: t.env, cwd: t.dir })
    assert.equal(r.code, 0, r.stderr)
    assert.equal(readFileSync(join(t.dir, 'results.txt'), 'utf8'), 'last week\'s results')
    assert.equal(existsSync(join(t.dir, 'never.cluster.sh')), false)
  })

  it('pcluster clean removes exactly what was written', async () => {
    const t = localEnv()
    writeFileSync(join(t.dir, 'keep.txt'), 'mine')
    const r = await bash(`
      a=$(pcluster submit --parsable --name one 'echo 1')
      b=$(pcluster submit --parsable --name two --filedir jobs 'echo 2')
      pcluster wait --quiet "$a" "$b"
      pcluster clean --yes
      pcluster clean --yes jobs`, { env: t.env, cwd: t.dir })
    assert.equal(r.code, 0, r.stderr)
    const { readdirSync } = await import('node:fs')
    assert.deepEqual(readdirSync(t.dir).sort(), ['.state', 'config.ini', 'jobs', 'keep.txt'])
    assert.deepEqual(readdirSync(join(t.dir, 'jobs')), [])
  })
})

describe('local queue: cancel', () => {
  it('a cancelled running job ends cancelled, a cancelled pending one never starts, and dependents never run', async () => {
    const t = localEnv(1)
    const ids = await bash(`
      a=$(pcluster submit --parsable --name runs '${held('runs')}')
      b=$(pcluster submit --parsable --name waits 'touch ran-b')
      c=$(pcluster submit --parsable --name after --depends "$a" 'touch ran-c')
      echo "$a $b $c"`, { env: t.env, cwd: t.dir })
    assert.equal(ids.code, 0, ids.stderr)
    await started(t.dir, 'runs') // never released: the cancel ends it
    const r = await bash(`
      pcluster cancel ${ids.stdout.trim().split(' ').slice(0, 2).join(' ')}
      pcluster wait --json ${ids.stdout.trim()} > states.json || echo "rc=$?"`, { env: t.env, cwd: t.dir })
    assert.match(r.stdout, /rc=1/, r.stderr)
    const states = (JSON.parse(readFileSync(join(t.dir, 'states.json'), 'utf8')) as { name: string; state: string }[]).map((s) => [s.name, s.state])
    assert.deepEqual(states, [['runs', 'cancelled'], ['waits', 'cancelled'], ['after', 'dependency_never_satisfied']])
    assert.equal(existsSync(join(t.dir, 'ran-b')) || existsSync(join(t.dir, 'ran-c')), false)
  })
})

describe('local queue: limits', () => {
  it('a job past its --time is stopped and ends as timeout', async () => {
    const t = localEnv()
    const r = await cli(['submit', '--wait', '--time', '00:01', '--name', 'slow', 'sleep 30'], { env: t.env, cwd: t.dir })
    assert.equal(r.code, 1)
    assert.match(r.stderr, /job \d+ \(slow\) hit its time limit/)
  })

  it('a stopped job gets its grace period to clean up on SIGTERM, then SIGKILL for what is left', async () => {
    const t = localEnv()
    t.env.PCLUSTER_LOCAL_STOP_GRACE_MS = '1000' // the daemon this test starts waits 1 s, not 10, before SIGKILL
    const started = Date.now()
    // the job's shell dies on SIGTERM at once; its command traps it and carries on, as a cleanup would
    const r = await cli(['submit', '--wait', '--time', '00:01', '--name', 'stubborn',
      'trap "echo got TERM >> trapped" TERM; for i in $(seq 300); do sleep 0.1; done; echo survived'], { env: t.env, cwd: t.dir })
    const took = Date.now() - started
    assert.equal(r.code, 1, r.stderr)
    assert.match(r.stderr, /job \d+ \(stubborn\) hit its time limit/)
    assert.equal(readFileSync(join(t.dir, 'trapped'), 'utf8'), 'got TERM\n') // it had the time to run its trap
    assert.ok(took >= 2000, `ended after ${took} ms: before its 1 s limit and 1 s of grace`)
    assert.ok(took < 15_000, `took ${took} ms: SIGKILL never came`)
    assert.doesNotMatch(readFileSync(join(t.dir, 'stubborn.cluster.out'), 'utf8'), /survived/)
    const { spawnSync } = await import('node:child_process')
    assert.equal(spawnSync('pgrep', ['-f', join(t.dir, 'stubborn.cluster.sh')]).status, 1, 'a process of the job is left')
  })

  it('--threads sets the cores of the daemon it starts', async () => {
    const t = testEnv({ PCLUSTER_QTYPE: 'local' })
    stopAfterwards(t)
    const r = await cli(['submit', '--threads', '1', '--parsable', 'true'], { env: t.env, cwd: t.dir })
    assert.equal(r.code, 0, r.stderr)
    assert.equal((await info(t) as unknown as { cores: number }).cores, 1)
  })
})

describe('local queue: scheduling by cores', () => {
  it('jobs that each take all cores never overlap; small jobs backfill beside a running one', async () => {
    const t = localEnv(2)
    const r = await bash(`
      ids=
      for i in 1 2 3; do
        ids="$ids $(pcluster submit --parsable --cores 2 --name big$i 'echo "$(date +%s.%N) start"; sleep 0.6; echo "$(date +%s.%N) end"')"
      done
      pcluster wait --quiet $ids`, { env: t.env, cwd: t.dir })
    assert.equal(r.code, 0, r.stderr)
    const spans = [1, 2, 3].map((i) => {
      const [s, e] = readFileSync(join(t.dir, `big${i}.cluster.out`), 'utf8').trim().split('\n').map((l) => Number(l.split(' ')[0]))
      return [s!, e!] as const
    }).sort((a, b) => a[0] - b[0])
    for (let i = 1; i < spans.length; i++) assert.ok(spans[i]![0] >= spans[i - 1]![1], `job ${i + 1} started before job ${i} ended`)
    // two 1-core jobs run side by side: both start while neither may end
    const two = await bash(`
      a=$(pcluster submit --parsable --name a '${held('a')}')
      b=$(pcluster submit --parsable --name b '${held('b')}')
      echo "$a $b"`, { env: t.env, cwd: t.dir })
    assert.equal(two.code, 0, two.stderr)
    try {
      await started(t.dir, 'a')
      await started(t.dir, 'b')
    } finally {
      release(t.dir, 'a')
      release(t.dir, 'b')
    }
    assert.equal((await cli(['wait', ...two.stdout.trim().split(' ')], { env: t.env, cwd: t.dir })).code, 0)
  })
})

describe('local queue: durability and safety', () => {
  it('killing the daemon with SIGKILL mid-run loses no job and no exit code', async () => {
    const t = localEnv(1)
    const r = await bash(`
      a=$(pcluster submit --parsable --name a '${held('a')}; exit 5')
      b=$(pcluster submit --parsable --name b 'echo b ran; exit 0')
      c=$(pcluster submit --parsable --name c --depends "$b" 'exit 7')
      echo "$a $b $c"`, { env: t.env, cwd: t.dir })
    const [a, b, c] = r.stdout.trim().split(' ')
    await started(t.dir, 'a')
    const before = await eventually(async () => {
      const i = await info(t)
      return i.counts.running === 1 ? i : undefined
    }, 60_000, 'the daemon to count job a running')
    assert.deepEqual(before.counts, { running: 1, pending: 2 })
    process.kill(before.pid, 'SIGKILL')
    release(t.dir, 'a')
    // a ends while no daemon runs; its own end record keeps its exit code
    await eventually(() => (existsSync(join(t.dir, 'a.cluster.end')) ? true : undefined), 60_000, 'job a to end')
    const w = await cli(['wait', '--json', a!, b!, c!], { env: t.env, cwd: t.dir }) // starts a new daemon
    assert.equal(w.code, 1, w.stderr)
    const states = (JSON.parse(w.stdout) as { id: string; state: string; exitCode: number }[]).map((s) => [s.id, s.state, s.exitCode])
    assert.deepEqual(states, [[a, 'failed', 5], [b, 'completed', 0], [c, 'failed', 7]])
    assert.notEqual((await info(t)).pid, before.pid)
  })

  it('a job still running when the daemon dies is re-adopted and its end is seen', async () => {
    const t = localEnv(2)
    const id = (await cli(['submit', '--parsable', `${held('job')}; exit 9`], { env: t.env, cwd: t.dir })).stdout.trim()
    await started(t.dir, 'job')
    const first = await eventually(async () => {
      const i = await info(t)
      return i.counts.running === 1 ? i : undefined
    }, 60_000, 'the daemon to count the job running')
    process.kill(first.pid, 'SIGKILL')
    const second = await info(t) // a new daemon, while the job still runs
    assert.notEqual(second.pid, first.pid)
    assert.equal(second.counts.running, 1)
    release(t.dir, 'job')
    const w = await cli(['wait', id], { env: t.env, cwd: t.dir })
    assert.equal(w.code, 1)
    assert.match(w.stderr, /failed with exit code 9/)
  })

  it('local stop keeps queued jobs queued for the next start', async () => {
    const t = localEnv(1)
    const b = await stoppedWithOneQueued(t)
    await cli(['local', 'start'], { env: t.env, cwd: t.dir }) // a stop sticks until then (control.test.ts)
    releaseFirst(t)
    const w = await cli(['wait', b!], { env: t.env, cwd: t.dir })
    assert.equal(w.code, 0, w.stderr)
    assert.equal(readFileSync(join(t.dir, 'b.cluster.out'), 'utf8'), 'b\n')
  })

  it('a store written by pcluster 0.1.0 is taken over: its jobs kept, the queued one runs, new ids follow', async () => {
    const t = localEnv(1)
    const dir = daemonDir(t)
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    copyFileSync(join(FIXTURES, 'local', 'store-0.1.0.db'), join(dir, 'store.db'))
    // the folder its jobs ran in is gone: the queued one is pointed at ours, as a script that writes its end record
    writeFileSync(join(t.dir, 'queued.sh'), 'echo queued\n')
    const { default: Database } = await import('better-sqlite3')
    const db = new Database(join(dir, 'store.db'))
    db.prepare(`UPDATE jobs SET cwd = @d, script = @d || '/queued.sh', out = @d || '/queued.out', err = @d || '/queued.err',
      end_path = @d || '/queued.end', wrap = 1 WHERE id = 7`).run({ d: t.dir })
    db.close()
    const w = await cli(['wait', '--json', '1', '2', '3', '4', '5', '6', '7'], { env: t.env, cwd: t.dir })
    const states = (JSON.parse(w.stdout) as { id: string; state: string; exitCode: number | null; blockedBy?: string }[])
      .map((s) => [s.id, s.state, s.exitCode, s.blockedBy ?? null])
    assert.deepEqual(states, [['1', 'completed', 0, null], ['2', 'failed', 3, null], ['3', 'dependency_never_satisfied', null, '2'],
      ['4', 'timeout', null, null], ['5', 'unknown', null, null], ['6', 'cancelled', null, null], ['7', 'completed', 0, null]], w.stderr)
    assert.equal(readFileSync(join(t.dir, 'queued.out'), 'utf8'), 'queued\n')
    const next = await cli(['submit', '--parsable', 'true'], { env: t.env, cwd: t.dir })
    assert.equal(next.stdout.trim(), '8', next.stderr)
  })

  it('a malformed message or a missing hello does not harm the daemon', async () => {
    const t = localEnv()
    const i = await info(t)
    const { connect } = await import('node:net')
    for (const garbage of ['this is not json\n', JSON.stringify({ type: 'submit', job: {} }) + '\n']) {
      const answer = await new Promise<string>((resolve) => {
        const s = connect(i.socket)
        let got = ''
        s.setEncoding('utf8').on('data', (d: string) => (got += d))
        s.on('close', () => resolve(got))
        s.on('error', () => resolve(got))
        s.end(garbage)
      })
      assert.match(answer, /"type":"error"/)
    }
    const after = await info(t)
    assert.equal(after.pid, i.pid)
    assert.deepEqual(after.counts, {})
  })

  it('the socket, store and state folder are the user\'s alone', async () => {
    const t = localEnv()
    const i = await info(t)
    assert.equal(statSync(daemonDir(t)).mode & 0o777, 0o700)
    assert.equal(statSync(i.socket).mode & 0o777, 0o600)
    assert.equal(statSync(i.store).mode & 0o777, 0o600)
  })

  it('two daemons for one user never run at once', async () => {
    const t = localEnv()
    const first = await info(t)
    const entry = join(process.cwd(), 'dist', 'bundle', 'daemon-main.js')
    const second = spawn(process.execPath, [existsSync(entry) ? entry : join(process.cwd(), 'dist', 'src', 'service', 'main.js')], { env: t.env })
    let err = ''
    second.stderr.setEncoding('utf8').on('data', (d: string) => (err += d))
    const code = await new Promise((r) => second.on('close', r))
    assert.equal(code, 1)
    assert.match(err, /another local queue daemon holds/)
    assert.equal((await info(t)).pid, first.pid)
  })

  it('a corrupt store is reported with its path and never replaced', async () => {
    const t = localEnv()
    const dir = daemonDir(t)
    await cli(['local', 'status'], { env: t.env, cwd: t.dir }) // creates the folder
    const { mkdirSync } = await import('node:fs')
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'store.db'), 'this is not a database, but somebody\'s jobs may be in it'.repeat(100))
    const r = await cli(['submit', 'true'], { env: t.env, cwd: t.dir })
    assert.equal(r.code, 1)
    assert.match(r.stderr, new RegExp(`store ${join(dir, 'store.db').replace(/[.]/g, '\\.')} cannot be used: file is not a database`))
    assert.match(readFileSync(join(dir, 'store.db'), 'utf8'), /^this is not a database/)
  })
})
