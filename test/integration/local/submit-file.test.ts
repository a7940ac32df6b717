// submit-file on the local queue behaves as on Slurm: arguments reach the script, --wait, outputs in the
// current folder (slurm-ID.out), the script's own #SBATCH lines honoured or named, the script copied at
// submit, a folder refused, and the outputs in the manifest for clean.
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { bash, cli, held } from '../../helpers.js'
import { localEnv } from './env.js'


describe('submit-file on the local queue', () => {
  it('passes arguments to the script, --wait gives its exit code, output goes to slurm-ID.out here, not beside the script', async () => {
    const t = localEnv()
    mkdirSync(join(t.dir, 'scripts'))
    writeFileSync(join(t.dir, 'scripts', 'args.sh'), '#!/bin/bash\nprintf "[%s]\\n" "$@"\necho "to stderr" >&2\nexit 4\n')
    const r = await cli(['submit-file', '--wait', '--parsable', 'scripts/args.sh', 'one', 'two three', '--not-ours'], { env: t.env, cwd: t.dir })
    assert.equal(r.code, 4, r.stderr)
    const id = r.stdout.trim()
    assert.match(id, /^\d+$/)
    assert.equal(readFileSync(join(t.dir, `slurm-${id}.out`), 'utf8'), '[one]\n[two three]\n[--not-ours]\nto stderr\n')
    assert.deepEqual(readdirSync(join(t.dir, 'scripts')), ['args.sh'])
    const ok = await cli(['submit-file', '--wait', '--', 'scripts/args.sh'], { env: t.env, cwd: t.dir })
    assert.equal(ok.code, 4, ok.stderr)
    assert.match(ok.stdout, /^Submitted job \d+ \(args\.sh\) to the local queue: scripts\/args\.sh; output in .*slurm-\d+\.out\n$/)
  })

  it("honours the script's own #SBATCH lines one machine can, and names the others on stderr", async () => {
    const t = localEnv()
    mkdirSync(join(t.dir, 'logs'))
    writeFileSync(join(t.dir, 'job.sbatch'), ['#!/bin/bash', '#SBATCH --job-name=named -c 2', '#SBATCH --output=logs/%x-%j.log',
      '#SBATCH --partition=short --account=lab', '#SBATCH -t 0:01', 'echo "cores $PCLUSTER_CORES in $(basename "$PWD")"', 'sleep 30', ''].join('\n'))
    const r = await cli(['submit-file', '--wait', '--json', 'job.sbatch'], { env: t.env, cwd: t.dir })
    assert.equal(r.code, 1, r.stderr)
    assert.match(r.stderr, /pcluster: the local queue ignores these #SBATCH lines of job\.sbatch: --partition=short --account=lab\n/)
    assert.match(r.stderr, /job \d+ \(named\) hit its time limit/)
    const job = JSON.parse(r.stdout) as { id: string; name: string; out: string }
    assert.equal(job.name, 'named')
    assert.equal(job.out, join(t.dir, 'logs', `named-${job.id}.log`))
    assert.equal(readFileSync(job.out, 'utf8'), `cores 2 in ${t.dir.split('/').pop()}\n`)
  })

  it('runs the script as it was at submit, as Slurm does: a later edit does not change the job', async () => {
    const t = localEnv(1)
    writeFileSync(join(t.dir, 'edit.sh'), '#!/bin/bash\necho original\n')
    const r = await bash(`
      a=$(pcluster submit --parsable '${held('a')}')
      b=$(pcluster submit-file --parsable --depends "$a" edit.sh)
      echo '#!/bin/bash' > edit.sh; echo edited >> edit.sh
      touch a.go
      pcluster wait --quiet "$b"
      cat "slurm-$b.out"`, { env: t.env, cwd: t.dir })
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /^original\n$/)
  })

  it('a folder or a missing file is refused with exit 2 before anything is sent', async () => {
    const t = localEnv()
    mkdirSync(join(t.dir, 'adir'))
    const dir = await cli(['submit-file', 'adir'], { env: t.env, cwd: t.dir })
    assert.equal(dir.code, 2, dir.stderr)
    assert.match(dir.stderr, /adir is a directory, not a job script/)
    const none = await cli(['submit-file', 'nope.sh'], { env: t.env, cwd: t.dir })
    assert.equal(none.code, 2, none.stderr)
    assert.match(none.stderr, /no such script: .*nope\.sh/)
    await cli(['local', 'start'], { env: t.env, cwd: t.dir })
    assert.deepEqual(JSON.parse((await cli(['local', 'status', '--json'], { env: t.env, cwd: t.dir })).stdout).counts, {})
  })

  it('its outputs are in the manifest: clean deletes the end record, keeps the output unless --outputs', async () => {
    const t = localEnv()
    writeFileSync(join(t.dir, 'mine.sh'), '#!/bin/bash\necho result\n')
    const id = (await cli(['submit-file', '--wait', '--parsable', 'mine.sh'], { env: t.env, cwd: t.dir })).stdout.trim()
    assert.ok(existsSync(join(t.dir, `slurm-${id}.pcluster.end`)))
    const c = await cli(['clean', '--yes'], { env: t.env, cwd: t.dir })
    assert.equal(c.code, 0, c.stderr)
    assert.match(c.stderr, new RegExp(`keeping 1 output file .*slurm-${id}\\.out`))
    assert.ok(!existsSync(join(t.dir, `slurm-${id}.pcluster.end`)) && existsSync(join(t.dir, `slurm-${id}.out`)) && existsSync(join(t.dir, 'mine.sh')))
    const id2 = (await cli(['submit-file', '--wait', '--parsable', 'mine.sh'], { env: t.env, cwd: t.dir })).stdout.trim()
    const all = await cli(['clean', '--yes', '--outputs'], { env: t.env, cwd: t.dir })
    assert.equal(all.code, 0, all.stderr)
    assert.ok(!existsSync(join(t.dir, `slurm-${id2}.out`)) && existsSync(join(t.dir, 'mine.sh')))
  })
  it('two jobs of a script with a fixed --output keep their own end records: each ends as it did', async () => {
    const t = localEnv()
    const r = await bash(`
      printf '#!/bin/bash\\n#SBATCH --output=run.log\\nexit \${1:-0}\\n' > fixed.sh
      a=$(pcluster submit-file --parsable --wait fixed.sh 0)
      b=$(pcluster submit-file --parsable --wait fixed.sh 5) || true
      pcluster wait --json "$a" "$b" || true`, { env: t.env, cwd: t.dir })
    const states = (JSON.parse(r.stdout.slice(r.stdout.indexOf('['))) as { state: string; exitCode: number }[]).map((s) => [s.state, s.exitCode])
    assert.deepEqual(states, [['completed', 0], ['failed', 5]], r.stderr)
  })
})
