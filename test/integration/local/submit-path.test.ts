// submit and submit-file go through one submit path: singleton holds a submit-file job behind its namesake,
// options given with a script override its own lines, and a record that cannot be written after the queue
// accepted the job is said beside the id (never "internal error"), or stops the submit before anything is sent.
// Jobs are held on a fifo, never a sleep.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { cli, eventually, type TestEnv } from '../../helpers.js'
import { submitFile, wait } from '../../../src/index.js'
import { localEnv } from './env.js'

interface Row { id: string; state: string; cores: number; startedAt: string | null; endedAt: string | null }

async function jobs(t: TestEnv): Promise<Map<string, Row>> {
  const r = await cli(['queue', '--json'], { env: t.env, cwd: t.dir })
  assert.equal(r.code, 0, r.stderr)
  return new Map((JSON.parse(r.stdout) as Row[]).map((j) => [j.id, j]))
}

/** A script that says it started, then blocks until a line is written to the fifo `gate`. */
function heldScript(t: TestEnv, file: string, lines: string[] = []): void {
  execFileSync('mkfifo', [join(t.dir, 'gate')])
  writeFileSync(join(t.dir, file), ['#!/bin/bash', ...lines, 'touch "started.$SLURM_JOB_ID$PCLUSTER_JOB_ID.$1"', 'read -r _ < gate', ''].join('\n'))
}

/** Lets the held job go: a writer on the fifo (opening it blocks until the job reads). */
function release(t: TestEnv): void {
  execFileSync('bash', ['-c', 'echo go > gate'], { cwd: t.dir, timeout: 60_000 })
}

describe('one submit path for submit and submit-file', () => {
  it('submit-file --depends singleton: the second job of a name stays pending while the first runs', async () => {
    const t = localEnv(2)
    heldScript(t, 'solo.sh', ['#SBATCH --job-name=solo'])
    const a = await cli(['submit-file', '--parsable', '--depends', 'singleton', 'solo.sh', 'a'], { env: t.env, cwd: t.dir })
    assert.equal(a.code, 0, a.stderr)
    const first = a.stdout.trim()
    await eventually(async () => (await jobs(t)).get(first)?.state === 'running' || undefined, 60_000, 'the first job running')
    const b = await cli(['submit-file', '--parsable', '--depends', 'singleton', 'solo.sh', 'b'], { env: t.env, cwd: t.dir })
    assert.equal(b.code, 0, b.stderr)
    const second = b.stdout.trim()
    // the queue has a free core: only the singleton keeps the second one back
    const now = await jobs(t)
    assert.equal(now.get(first)?.state, 'running')
    assert.equal(now.get(second)?.state, 'pending')
    assert.ok(!readdirSync(t.dir).some((f) => f.endsWith('.b')), 'the second job has not started')
    release(t)
    const w = await cli(['wait', '--quiet', first], { env: t.env, cwd: t.dir })
    assert.equal(w.code, 0, w.stderr)
    await eventually(async () => (await jobs(t)).get(second)?.state === 'running' || undefined, 60_000, 'the second job running')
    release(t)
    const all = await cli(['wait', '--quiet', first, second], { env: t.env, cwd: t.dir })
    assert.equal(all.code, 0, all.stderr)
    const end = await jobs(t)
    assert.ok(Date.parse(end.get(second)!.startedAt!) >= Date.parse(end.get(first)!.endedAt!), 'the second started after the first ended')
  })

  it('two submit-file --depends singleton at once: one runs, the other waits for it', async () => {
    const t = localEnv(2)
    heldScript(t, 'solo.sh', ['#SBATCH --job-name=solo'])
    await cli(['local', 'start'], { env: t.env, cwd: t.dir })
    const both = await Promise.all(['a', 'b'].map((w) => cli(['submit-file', '--parsable', '--depends', 'singleton', 'solo.sh', w], { env: t.env, cwd: t.dir })))
    for (const r of both) assert.equal(r.code, 0, r.stderr)
    const ids = both.map((r) => r.stdout.trim())
    const running = await eventually(async () => {
      const now = await jobs(t)
      return ids.find((id) => now.get(id)?.state === 'running')
    }, 60_000, 'one of them running')
    const other = ids.find((id) => id !== running)!
    assert.equal((await jobs(t)).get(other)?.state, 'pending')
    release(t)
    await eventually(async () => (await jobs(t)).get(other)?.state === 'running' || undefined, 60_000, 'the other running')
    release(t)
    const w = await cli(['wait', '--quiet', ...ids], { env: t.env, cwd: t.dir })
    assert.equal(w.code, 0, w.stderr)
  })

  it('submit-file --cores 2 overrides the script\'s own #SBATCH -c 1, as sbatch does', async () => {
    const t = localEnv(4)
    writeFileSync(join(t.dir, 'job.sbatch'), '#!/bin/bash\n#SBATCH -c 1\n#SBATCH --time=10\necho "cores $PCLUSTER_CORES"\n')
    const r = await cli(['submit-file', '--wait', '--parsable', '--cores', '2', '--name', 'wide', 'job.sbatch'], { env: t.env, cwd: t.dir })
    assert.equal(r.code, 0, r.stderr)
    const id = r.stdout.trim()
    assert.equal(readFileSync(join(t.dir, `slurm-${id}.out`), 'utf8'), 'cores 2\n')
    assert.equal((await jobs(t)).get(id)?.cores, 2)
    const q = await cli(['queue', '--json', '--name', 'wide'], { env: t.env, cwd: t.dir })
    assert.deepEqual((JSON.parse(q.stdout) as Row[]).map((j) => j.id), [id])
    // keywords that are pcluster's own file names or script body have no meaning for a script as it is
    const m = await cli(['submit-file', '--modules', 'gcc', 'job.sbatch'], { env: t.env, cwd: t.dir })
    assert.equal(m.code, 2, m.stderr)
    assert.match(m.stderr, /--modules does not apply to submit-file/)
  })

  it('the library\'s submitFile takes the same keywords over the script\'s lines, through the same path', async () => {
    const t = localEnv(4)
    writeFileSync(join(t.dir, 'job.sbatch'), '#!/bin/bash\n#SBATCH -c 1\necho "cores $PCLUSTER_CORES"\n')
    const saved = { ...process.env }
    Object.assign(process.env, { PCLUSTER_CONFIG: t.config, XDG_STATE_HOME: t.state, PCLUSTER_QTYPE: '' })
    try {
      const job = await submitFile('job.sbatch', { qtype: 'local', cwd: t.dir, cpus: 3 })
      const [s] = await wait(job.id, { qtype: 'local' })
      assert.equal(s!.state, 'completed')
      assert.equal(readFileSync(job.out!, 'utf8'), 'cores 3\n')
    } finally {
      process.env = saved
    }
  })

  it('a ledger entry that cannot be written after the queue took the job: the id on stdout, the path and cause on stderr', async () => {
    const t = localEnv(2)
    writeFileSync(join(t.dir, 'ok.sh'), '#!/bin/bash\necho ran\n')
    // the queue's next ids are known: a first job, then a directory where each next one's ledger file goes (root
    // writes through permission bits; a directory in the way stops anyone)
    const first = await cli(['submit-file', '--wait', '--parsable', 'ok.sh'], { env: t.env, cwd: t.dir })
    assert.equal(first.code, 0, first.stderr)
    const ledger = join(t.env.XDG_STATE_HOME!, 'pcluster', 'jobs', `local-${hostname()}`)
    const next = [1, 2].map((n) => String(Number(first.stdout.trim()) + n))
    for (const id of next) mkdirSync(join(ledger, `${id}.json`))
    const quoted = ledger.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    for (const [i, args] of [['submit-file', 'ok.sh'], ['submit', 'echo ran']].entries()) {
      const r = await cli([args[0]!, '--parsable', ...args.slice(1)], { env: t.env, cwd: t.dir })
      assert.equal(r.code, 0, r.stderr)
      assert.doesNotMatch(r.stderr, /internal error|    at /)
      const id = r.stdout.trim()
      assert.equal(id, next[i])
      assert.match(r.stderr, new RegExp(`job ${id} was submitted, but pcluster's ledger entry ${quoted}/${id}\\.json could not be written \\(it is a folder, not a file\\): wait and cancel need --qtype local to find it\n`))
      // the job runs, and its folder's manifest has it
      const w = await cli(['wait', '--quiet', '--qtype', 'local', id], { env: t.env, cwd: t.dir })
      assert.equal(w.code, 0, w.stderr)
      assert.match(readFileSync(join(t.dir, '.pcluster-manifest.jsonl'), 'utf8'), new RegExp(`"id":"${id}"`))
    }
    assert.equal(readFileSync(join(t.dir, `slurm-${next[0]}.out`), 'utf8'), 'ran\n')
  })

  it('the max_queue_len count cache that cannot be written after the queue took the job: the id all the same', async () => {
    const t = localEnv(2)
    mkdirSync(join(t.env.XDG_STATE_HOME!, 'pcluster', `queue-count-local-${hostname()}.json`), { recursive: true })
    const r = await cli(['submit', '--parsable', '--wait', 'echo ran'], { env: t.env, cwd: t.dir })
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /^\d+\n$/)
    assert.doesNotMatch(r.stderr, /internal error/)
  })

  it('a ledger folder that cannot be made: refused before anything is sent, naming the path and the cause', async () => {
    const t = localEnv(2)
    writeFileSync(join(t.dir, 'ok.sh'), '#!/bin/bash\necho ran\n')
    const jobsDir = join(t.env.XDG_STATE_HOME!, 'pcluster', 'jobs')
    mkdirSync(join(t.env.XDG_STATE_HOME!, 'pcluster'), { recursive: true })
    writeFileSync(jobsDir, 'a file where the ledger\'s folder goes\n')
    for (const args of [['submit-file', 'ok.sh'], ['submit', 'echo ran']]) {
      const r = await cli([args[0]!, '--parsable', ...args.slice(1)], { env: t.env, cwd: t.dir })
      assert.equal(r.code, 1, r.stderr)
      assert.equal(r.stdout, '')
      assert.doesNotMatch(r.stderr, /internal error|    at /)
      assert.match(r.stderr, /cannot record the job in pcluster's ledger at .*\/pcluster\/jobs\/local-[^:]*: a part of the path is a file, not a folder; nothing was submitted/)
    }
    assert.ok(!existsSync(join(t.dir, 'slurm-1.out')))
    await cli(['local', 'start'], { env: t.env, cwd: t.dir })
    const s = await cli(['local', 'status', '--json'], { env: t.env, cwd: t.dir })
    assert.deepEqual(JSON.parse(s.stdout).counts, {})
  })

  it('a manifest that cannot be written: refused before anything is sent', async () => {
    const t = localEnv(2)
    const here = join(t.dir, 'here')
    mkdirSync(join(here, '.pcluster-manifest.jsonl'), { recursive: true })
    writeFileSync(join(here, 'ok.sh'), '#!/bin/bash\necho ran\n')
    for (const args of [['submit-file', 'ok.sh'], ['submit', 'echo ran']]) {
      const r = await cli([args[0]!, '--parsable', ...args.slice(1)], { env: t.env, cwd: here })
      assert.equal(r.code, 1, r.stderr)
      assert.doesNotMatch(r.stderr, /internal error|    at /)
      assert.match(r.stderr, /cannot write the manifest .*\.pcluster-manifest\.jsonl: it is a folder, not a file; nothing was submitted/)
    }
    // submit's claimed script was taken back
    assert.deepEqual(readdirSync(here).sort(), ['.pcluster-manifest.jsonl', 'ok.sh'])
  })
})
