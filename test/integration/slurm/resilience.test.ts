// max_queue_len under concurrent submitters, and waiting through a scheduler outage, on the project's own
// test Slurm (test/run.sh recognises it; these tests cancel jobs and stop its controller).
import assert from 'node:assert/strict'
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { after, it } from 'node:test'
import { BIN, cli, eventually, HAVE_SLURM, NO_SLURM, OURS_SH, ROOT, suite, testEnv } from '../../helpers.js'

const skip = !HAVE_SLURM && NO_SLURM
const submitted: string[] = []
after(() => { if (submitted.length) spawnSync('scancel', submitted, { stdio: 'ignore' }) })

/**
 * The user's jobs that count against max_queue_len: live ones, but not those that will never run. Asked for by
 * state: the day's history of a test Slurm whose accounting has seen thousands of jobs would not fit a pipe's
 * buffer as JSON (execFileSync's 1 MB).
 */
const activeCount = () => {
  const jobs = JSON.parse(execFileSync(process.execPath, [BIN, 'queue', '--qtype', 'slurm', '--json', '--state', 'pending,held,running,completing'],
    { encoding: 'utf8', env: testEnv().env, maxBuffer: 64 * 1024 * 1024 })) as { state: string }[]
  return jobs.length
}

suite('slurm: max_queue_len', { skip }, () => {
  it('concurrent submitters together never overshoot it, and the held-back ones go once there is room', async () => {
    const t = testEnv()
    const max = activeCount() + 3
    const procs = Array.from({ length: 5 }, () => {
      const child = spawn(process.execPath, [BIN, 'submit', '--qtype', 'slurm', '--parsable', '--max-queue-len', String(max),
        '--begin', 'now+1hour', 'true'], { cwd: t.dir, env: t.env })
      const p = { out: '', err: '', code: null as number | null }
      child.stdout.setEncoding('utf8').on('data', (d: string) => (p.out += d))
      child.stderr.setEncoding('utf8').on('data', (d: string) => (p.err += d))
      child.on('close', (code) => (p.code = code))
      return p
    })
    const ids = () => procs.map((p) => p.out.trim()).filter(Boolean)
    await eventually(() => (ids().length === 3 && procs.filter((p) => /waiting to submit/.test(p.err)).length === 2 ? true : undefined),
      30_000, 'three submitted and two held back')
    submitted.push(...ids())
    await new Promise((r) => setTimeout(r, 2500))
    assert.equal(ids().length, 3, 'nobody overshot while the queue stayed full')
    assert.equal(activeCount(), max)
    execFileSync('scancel', ids())
    await eventually(() => (procs.every((p) => p.code === 0) ? true : undefined), 60_000, 'the held-back submitters to finish')
    submitted.push(...ids())
    assert.equal(ids().length, 5)
  })

  it('0 disables it', async () => {
    const t = testEnv()
    const r = await cli(['submit', '--qtype', 'slurm', '--parsable', '--max-queue-len', '0', '--begin', 'now+1hour', 'true'], { env: t.env, cwd: t.dir })
    assert.equal(r.code, 0, r.stderr)
    submitted.push(r.stdout.trim())
  })
})

// stopping and restarting the test Slurm's controller takes root (it runs as root); as another user, only this is skipped
const asRoot = process.getuid?.() === 0
suite('slurm: a scheduler outage while waiting', { skip: skip || (!asRoot && 'stopping the test Slurm\'s controller needs root') }, () => {
  it('failed squeue calls are retried and change no job state; the wait ends with the true result', async () => {
    const t = testEnv()
    const id = (await cli(['submit', '--qtype', 'slurm', '--parsable', 'sleep 6; exit 4'], { env: t.env, cwd: t.dir })).stdout.trim()
    submitted.push(id)
    const waiting = spawn(process.execPath, [BIN, 'wait', '--qtype', 'slurm', id], { cwd: t.dir, env: t.env })
    let err = ''
    waiting.stderr.setEncoding('utf8').on('data', (d: string) => (err += d))
    const done = new Promise<number | null>((r) => waiting.on('close', r))
    await eventually(() => (/running/.test(err) ? true : undefined), 30_000, 'the job to run')
    try {
      // ours.sh re-checks that the controller is ours and stops the pid in our pid file, never one found by name
      execFileSync('bash', [OURS_SH, 'stop-controller'], { stdio: ['ignore', 'ignore', 'inherit'] })
    } catch (e) {
      waiting.kill()
      throw e
    }
    try {
      await eventually(() => (/squeue exited/.test(err) ? true : undefined), 30_000, 'wait to notice the outage')
    } finally {
      // bring the controller back whatever happened (the script is idempotent)
      execFileSync('bash', [join(ROOT, 'test', 'integration', 'slurm', 'start-slurm.sh')], { stdio: 'ignore' })
    }
    const code = await done
    assert.equal(code, 1, err)
    assert.match(err, /states unchanged/)
    assert.match(err, new RegExp(`job ${id} \\(sleep\\) failed with exit code 4`))
    assert.doesNotMatch(err, /unknown|completed/)
  })
})

