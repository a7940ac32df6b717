// Issue 26 on the test Slurm: a submission made exactly once (its key written on the job, a lost answer looked
// up), within the site's submit limit (held back and retried), and checked before it queues.
import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, it } from 'node:test'
import { cli, HAVE_SLURM, NO_SLURM, suite, testEnv } from '../../helpers.js'

const skip = !HAVE_SLURM && NO_SLURM
const submitted: string[] = []

after(() => {
  if (HAVE_SLURM && submitted.length) spawnSync('scancel', submitted, { stdio: 'ignore' })
})

/** The ids of the user's jobs whose comment carries this key, as the controller holds them. */
function jobsWithKey(key: string): string[] {
  const out = execFileSync('squeue', ['-h', '-t', 'all', '--me', '-o', '%i|%k'], { encoding: 'utf8' })
  return out.split('\n').filter((l) => l.split('|')[1] === `pcluster-key:${key}`).map((l) => l.split('|')[0]!)
}

suite('slurm: exactly once', { skip }, () => {
  it('an sbatch that queues the job and then fails, hangs past the timeout or answers nothing: 0 duplicates in 20 tries', async () => {
    const t = testEnv()
    const real = execFileSync('bash', ['-c', 'command -v sbatch'], { encoding: 'utf8' }).trim()
    const bin = join(t.dir, 'bin')
    mkdirSync(bin)
    // the mode is read from a file, so that one PATH serves every try; `exec sleep` so that the kill at the timeout
    // takes the process holding sbatch's output
    writeFileSync(join(bin, 'sbatch'), `#!/bin/bash\n"${real}" "$@" >/dev/null 2>&1\ncase "$(cat ${t.dir}/mode)" in\n` +
      `  fail) exit 1 ;;\n  hang) exec sleep 60 ;;\n  silent) exit 0 ;;\n  *) exit 0 ;;\nesac\n`, { mode: 0o755 })
    writeFileSync(t.config, '[queue]\nsubmit_timeout = 1\n')
    const env = { ...t.env, PATH: `${bin}:${t.env.PATH}` }
    const run = `r${process.pid}x${Date.now()}`
    const modes = ['fail', 'hang', 'silent']
    for (let i = 0; i < 20; i++) {
      const mode = modes[i % modes.length]!
      writeFileSync(join(t.dir, 'mode'), mode)
      const key = `${run}-${i}`
      const r = await cli(['submit', '--qtype', 'slurm', '--parsable', '--hold', '--key', key, '--name', `once${i}`, 'true'], { env, cwd: t.dir })
      const ids = jobsWithKey(key)
      submitted.push(...ids)
      assert.equal(r.code, 0, `try ${i} (${mode}): ${r.stderr}`)
      assert.deepEqual(ids, [r.stdout.trim()], `try ${i} (${mode}): one job with the key, the one answered`)
      assert.match(r.stderr, new RegExp(`has job ${ids[0]} with key ${key}: taken as this submission's job`))
    }
  })

  it("submit --key K again answers the key's job (exit 0) and says so, submitting nothing", async () => {
    const t = testEnv()
    const key = `again${process.pid}x${Date.now()}`
    const first = await cli(['submit', '--qtype', 'slurm', '--parsable', '--hold', '--key', key, 'true'], { env: t.env, cwd: t.dir })
    submitted.push(first.stdout.trim())
    assert.equal(first.code, 0, first.stderr)
    const again = await cli(['submit', '--qtype', 'slurm', '--parsable', '--hold', '--key', key, 'true'], { env: t.env, cwd: t.dir })
    assert.equal(again.code, 0, again.stderr)
    assert.equal(again.stdout.trim(), first.stdout.trim())
    assert.match(again.stderr, new RegExp(`job ${first.stdout.trim()} was submitted with key ${key} before: not submitted again`))
    assert.deepEqual(jobsWithKey(key), [first.stdout.trim()])
    // --once: the same command, options and folder make the same key
    const o1 = await cli(['submit', '--qtype', 'slurm', '--parsable', '--hold', '--once', `echo ${key}`], { env: t.env, cwd: t.dir })
    const o2 = await cli(['submit', '--qtype', 'slurm', '--parsable', '--hold', '--once', `echo ${key}`], { env: t.env, cwd: t.dir })
    const o3 = await cli(['submit', '--qtype', 'slurm', '--parsable', '--hold', '--once', '--cores', '2', `echo ${key}`], { env: t.env, cwd: t.dir })
    submitted.push(o1.stdout.trim(), o3.stdout.trim())
    assert.equal(o1.code, 0, o1.stderr)
    assert.equal(o2.stdout.trim(), o1.stdout.trim())
    assert.notEqual(o3.stdout.trim(), o1.stdout.trim())
  })
})
