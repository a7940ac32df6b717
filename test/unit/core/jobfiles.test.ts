// Job file names: safe bases, claiming them without collisions across processes, and the manifest.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { claimFiles, defaultName, expandOutputs, fileBase, markCleaned, nextFreeFiles, readManifest, recordJob } from '../../../src/core/jobfiles.js'
import { eventually, testEnv } from '../../helpers.js'

// claimFiles remembers where each name's free indexes start in the state dir: this file's own, never the user's
process.env.XDG_STATE_HOME = testEnv().state

describe('job file names', () => {
  it('derive a safe base from any name', () => {
    assert.equal(fileBase('my job; rm -rf /'), 'my_job_rm_-rf_')
    assert.equal(fileBase('../../etc/passwd'), 'etc_passwd')
    assert.equal(fileBase('"$(x)"'), 'x_')
    assert.equal(defaultName("python3 run.py --x 'a b'"), 'python3')
    assert.equal(defaultName('/usr/bin/env bash'), 'env')
  })
  it('never collide: processes claiming one name at the same moment get distinct files', async () => {
    const t = testEnv()
    const procCount = 8
    const perProc = 25
    const n = procCount * perProc
    // claimFiles is synchronous inside, so claims within one process cannot interleave: race processes.
    // Each imports it, says ready, and on 'go' (which all get at once) claims again and again, so that
    // claims keep meeting at the first free name.
    const child = `import { claimFiles } from ${JSON.stringify(new URL('../../../src/core/jobfiles.js', import.meta.url).href)}
      process.stdout.write('ready\\n')
      process.stdin.once('data', async () => {
        for (let i = 0; i < ${perProc}; i++) {
          const f = await claimFiles({ filedir: ${JSON.stringify(t.dir)}, base: 'job', suffix: 'cluster', ext: 'sbatch' })
          process.stdout.write(f.script + '\\n')
        }
        process.exit(0)
      })`
    const procs = Array.from({ length: procCount }, () => {
      const p = spawn(process.execPath, ['--input-type=module', '-e', child], { stdio: ['pipe', 'pipe', 'inherit'], env: t.env })
      let out = ''
      p.stdout.setEncoding('utf8').on('data', (d: string) => (out += d))
      const closed = new Promise<number | null>((r) => p.on('close', r))
      return { p, closed, out: () => out }
    })
    await eventually(() => (procs.every((c) => c.out() === 'ready\n') ? true : undefined), 30_000, 'every claimer to be ready')
    for (const c of procs) c.p.stdin.end('go\n')
    assert.deepEqual(await Promise.all(procs.map((c) => c.closed)), Array(procCount).fill(0))
    const scripts = procs.flatMap((c) => c.out().split('\n').slice(1, -1))
    assert.equal(scripts.length, n)
    assert.equal(new Set(scripts).size, n, 'some name was handed out twice')
    const expected = Array.from({ length: n }, (_, i) => join(t.dir, `job${i ? `_${i + 1}` : ''}.cluster.sbatch`))
    assert.deepEqual([...scripts].sort(), expected.sort())
    for (const s of scripts) assert.ok(existsSync(s), s)
  })
  it('skip a name whose outputs exist from an earlier job', async () => {
    const t = testEnv()
    writeFileSync(join(t.dir, 'a.cluster.out'), 'old results')
    const f = await claimFiles({ filedir: t.dir, base: 'a', suffix: 'cluster', ext: 'sbatch' })
    assert.equal(f.script, join(t.dir, 'a_2.cluster.sbatch'))
    assert.equal(existsSync(join(t.dir, 'a.cluster.sbatch')), false)
  })
  it('the next free names are known without creating anything, as claimFiles would take them (--dry-run)', async () => {
    const t = testEnv()
    const opts = { filedir: t.dir, base: 'a', suffix: 'cluster', ext: 'sbatch' }
    assert.equal(nextFreeFiles(opts).script, join(t.dir, 'a.cluster.sbatch'))
    await claimFiles(opts)
    writeFileSync(join(t.dir, 'a_2.cluster.err'), 'an older job')
    const next = nextFreeFiles(opts)
    assert.equal(next.script, join(t.dir, 'a_3.cluster.sbatch'))
    assert.equal(existsSync(next.script), false)
    assert.equal((await claimFiles(opts)).script, next.script)
  })
  it('the 10,001st job of a name gets a name too (the walk from _2 used to stop at 10,000)', async () => {
    const t = testEnv()
    for (let n = 1; n <= 10_000; n++) writeFileSync(join(t.dir, `job${n === 1 ? '' : `_${n}`}.cluster.sbatch`), '')
    const opts = { filedir: t.dir, base: 'job', suffix: 'cluster', ext: 'sbatch' }
    assert.equal(nextFreeFiles(opts).script, join(t.dir, 'job_10001.cluster.sbatch'))
    assert.equal((await claimFiles(opts)).script, join(t.dir, 'job_10001.cluster.sbatch'))
    assert.equal((await claimFiles(opts)).script, join(t.dir, 'job_10002.cluster.sbatch'))
  })
  it('start after the last name claimed, not at the first hole; after a clean, at the first name again', async () => {
    const t = testEnv()
    const opts = { filedir: t.dir, base: 'a', suffix: 'cluster', ext: 'sbatch' }
    const [a1, a2] = [await claimFiles(opts), await claimFiles(opts)]
    unlinkSync(a1.script) // a hole below the last claimed name: left, as Slurm leaves the ids of purged jobs
    assert.equal(nextFreeFiles(opts).script, join(t.dir, 'a_3.cluster.sbatch'))
    assert.equal((await claimFiles(opts)).script, join(t.dir, 'a_3.cluster.sbatch'))
    unlinkSync(a2.script)
    unlinkSync(join(t.dir, 'a_3.cluster.sbatch')) // everything cleaned: the remembered start is stale
    assert.equal((await claimFiles(opts)).script, join(t.dir, 'a.cluster.sbatch'))
  })
  it("a % in the folder's path is literal: doubled in the output patterns, whole in the paths", async () => {
    const t = testEnv()
    const f = await claimFiles({ filedir: join(t.dir, '100%j'), base: 'a', suffix: 'cluster', ext: 'sbatch', outfile: 'x_%j.out', cwd: join(t.dir, '50%') })
    assert.equal(f.out, join(t.dir, '50%%', 'x_%j.out'))
    assert.equal(f.err, join(t.dir, '100%%j', 'a.cluster.err'))
    const done = expandOutputs(f, { id: '7', name: 'a', user: 'u' })
    assert.equal(done.out, join(t.dir, '50%', 'x_7.out'))
    assert.equal(done.err, join(t.dir, '100%j', 'a.cluster.err'))
    assert.equal(done.script, join(t.dir, '100%j', 'a.cluster.sbatch'))
  })
})

describe('the manifest', () => {
  it('lists recorded jobs until they are cleaned, then goes', async () => {
    const t = testEnv()
    const f1 = await claimFiles({ filedir: t.dir, base: 'a', suffix: 'cluster', ext: 'sbatch' })
    const f2 = await claimFiles({ filedir: t.dir, base: 'b', suffix: 'x', ext: 'sbatch', outfile: '/tmp/elsewhere.out' })
    await recordJob(f1, { id: '1', qtype: 'slurm', name: 'a', suffix: 'cluster' }, { perHost: false })
    await recordJob(f2, { id: '2', qtype: 'slurm', name: 'b', suffix: 'x' }, { perHost: false })
    const entries = await readManifest(t.dir)
    assert.deepEqual(entries.map((e) => e.id), ['1', '2'])
    assert.deepEqual(entries[0]!.files, [f1.script, f1.out, f1.err, f1.end])
    assert.equal(entries[1]!.files[1], '/tmp/elsewhere.out')
    await markCleaned(t.dir, [entries[0]!])
    assert.deepEqual((await readManifest(t.dir)).map((e) => e.id), ['2'])
    await markCleaned(t.dir, [entries[1]!])
    assert.equal(existsSync(join(t.dir, '.pcluster-manifest.jsonl')), false)
  })
})
