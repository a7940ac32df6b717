// Issue 26 on the test Slurm: a submission made exactly once (its key written on the job, a lost answer looked
// up), within the site's submit limit (held back and retried), and checked before it queues.
import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, it } from 'node:test'
import { bash, cli, eventually, HAVE_SLURM, NO_SLURM, suite, testEnv } from '../../helpers.js'

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

suite('slurm: within the submit limit', { skip }, () => {
  // The test Slurm has AccountingStorageEnforce=none (and every helper's tests run as root on it), so a
  // MaxSubmitJobs on root's association would neither be enforced nor be ours alone: the limit is the site's as
  // sbatch states it, from a wrapper that refuses with Slurm's own words while 3 of this test's jobs are queued
  it('10 submits from a bash loop at a limit of 3 all succeed, never more than 3 queued; --no-wait-for-limit fails instead', async () => {
    const t = testEnv()
    const real = execFileSync('bash', ['-c', 'command -v sbatch'], { encoding: 'utf8' }).trim()
    const bin = join(t.dir, 'bin')
    mkdirSync(bin)
    const run = `lim${process.pid}x${Date.now()}`
    const log = join(t.dir, 'sbatch.log')
    writeFileSync(join(bin, 'sbatch'), `#!/bin/bash
own=$(squeue -h --me -t PD,R,CG,CF,S -o %j | grep -c "^${run}" || true)
if [ "$own" -ge 3 ]; then
  echo "refused $own" >> ${log}
  echo "sbatch: error: QOSMaxSubmitJobPerUserLimit" >&2
  echo "sbatch: error: Batch job submission failed: Job violates accounting/QOS policy (job submit limit, user's size and/or time limits)" >&2
  exit 1
fi
echo "accepted $own" >> ${log}
exec "${real}" "$@"
`, { mode: 0o755 })
    writeFileSync(t.config, '[queue]\npoll_max = 2\n')
    const env = { ...t.env, PATH: `${bin}:${t.env.PATH}` }
    const go = join(t.dir, 'go')
    const loop = bash(`for i in $(seq 1 10); do pcluster submit --qtype slurm --parsable --name ${run}-$i 'until [ -e ${go} ]; do sleep 0.1; done'; done`, { env, cwd: t.dir })
    await eventually(() => (existsSync(log) && readFileSync(log, 'utf8').includes('refused')) || undefined, 120_000, 'a refusal at the limit')
    const no = await cli(['submit', '--qtype', 'slurm', '--parsable', '--no-wait-for-limit', '--name', `${run}-no`, 'true'], { env, cwd: t.dir })
    assert.equal(no.code, 1, no.stderr)
    assert.equal(no.stdout, '')
    assert.match(no.stderr, /sbatch refused the job at your submit limit \(QOSMaxSubmitJobPerUserLimit\)/)
    writeFileSync(go, '')
    const r = await loop
    const ids = r.stdout.trim().split('\n')
    submitted.push(...ids)
    assert.equal(r.code, 0, r.stderr)
    assert.equal(new Set(ids).size, 10)
    assert.match(r.stderr, /sbatch refused the job at your submit limit \(QOSMaxSubmitJobPerUserLimit\), with \d+ of your jobs queued: held back until some leave/)
    const accepted = readFileSync(log, 'utf8').split('\n').filter((l) => l.startsWith('accepted')).map((l) => Number(l.split(' ')[1]))
    assert.equal(accepted.length, 10)
    assert.ok(Math.max(...accepted) <= 2, `a job was accepted with ${Math.max(...accepted)} of the test's queued: ${accepted}`)
  })
})

suite('slurm: checked before it queues', { skip }, () => {
  // the test Slurm (start-slurm.sh): partition short has MaxTime 00:10:00, node vm RealMemory 8000; its
  // EnforcePartLimits=NO would queue the first job below for ever (PartitionTimeLimit)
  const queued = (name: string) => execFileSync('squeue', ['-h', '-t', 'all', '--me', '-n', name, '-o', '%i'], { encoding: 'utf8' }).trim()

  it('--check: a time over the partition\'s MaxTime or more memory than any node: exit 2 naming the limit, nothing queued', async () => {
    const t = testEnv()
    const name = `chk${process.pid}x${Date.now()}`
    const time = await cli(['submit', '--qtype', 'slurm', '--check', '--name', name, '--partition', 'short', '--time', '00:20:00', 'true'], { env: t.env, cwd: t.dir })
    assert.equal(time.code, 2, time.stderr)
    assert.match(time.stderr, /--time 00:20:00 is over partition short's MaxTime 00:10:00; nothing was submitted/)
    const mem = await cli(['submit', '--qtype', 'slurm', '--check', '--name', name, '--mem', '64G', 'true'], { env: t.env, cwd: t.dir })
    assert.equal(mem.code, 2, mem.stderr)
    assert.match(mem.stderr, /--mem 64G is more than any node of partition debug has \(RealMemory 8000M at most\)/)
    assert.equal(queued(name), '')
    assert.deepEqual(readdirSync(t.dir).filter((f) => f.includes(name)), [], 'no script left behind')
    // without --check Slurm queues the first one all the same (where it would wait for ever)
    const unchecked = await cli(['submit', '--qtype', 'slurm', '--parsable', '--hold', '--name', name, '--partition', 'short', '--time', '00:20:00', 'true'], { env: t.env, cwd: t.dir })
    submitted.push(unchecked.stdout.trim())
    assert.equal(unchecked.code, 0, unchecked.stderr)
  })

  it('[jobs] check = true makes it the default; a job that can run is submitted, with when Slurm would start it', async () => {
    const t = testEnv()
    writeFileSync(t.config, '[jobs]\ncheck = true\n')
    const name = `chkd${process.pid}x${Date.now()}`
    const over = await cli(['submit', '--qtype', 'slurm', '--name', name, '--partition', 'short', '--time', '00:20:00', 'true'], { env: t.env, cwd: t.dir })
    assert.equal(over.code, 2, over.stderr)
    assert.equal(queued(name), '')
    const ok = await cli(['submit', '--qtype', 'slurm', '--parsable', '--hold', '--name', name, '--partition', 'short', '--time', '00:05:00', 'true'], { env: t.env, cwd: t.dir })
    submitted.push(ok.stdout.trim())
    assert.equal(ok.code, 0, ok.stderr)
    assert.match(ok.stderr, /check: Slurm would start it at \S+ on vm \(partition short/)
    assert.equal(queued(name), ok.stdout.trim())
  })
})
