// `pcluster output ID`: a job's stdout/stderr from the files pcluster recorded, --follow until it ends, a clear
// word when the files were cleaned; `submit --wait` writing the job's output on a terminal, and its --json.
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { bash, BIN, cli, collect, eventually, held, release, start, started } from '../../helpers.js'
import { localEnv } from './env.js'

describe('local queue: pcluster output', () => {
  it("prints a finished job's stdout, and its stderr with --err, in any folder", async () => {
    const t = localEnv()
    const run = (args: string[], cwd = t.dir) => cli(args, { env: t.env, cwd })
    const id = (await run(['submit', '--parsable', '--name', 'two', 'echo to-out; echo to-err >&2'])).stdout.trim()
    assert.equal((await run(['wait', id])).code, 0)
    assert.deepEqual(await run(['output', id], '/'), { code: 0, stdout: 'to-out\n', stderr: '' })
    assert.deepEqual(await run(['output', '--err', id], '/'), { code: 0, stdout: 'to-err\n', stderr: '' })
  })

  it('a reader that goes away (| head) ends it quietly, exit 0, with or without --follow', async () => {
    const t = localEnv()
    const r = await bash(`j=$(pcluster submit --parsable 'seq 1 2000000'); pcluster wait --quiet "$j"
      pcluster output "$j" | head -2; pcluster output -f "$j" | head -1`, { env: t.env, cwd: t.dir })
    assert.deepEqual([r.code, r.stdout], [0, '1\n2\n1\n'], r.stderr)
    assert.doesNotMatch(r.stderr, /Warning|error/i)
  })

  it('--follow prints what a running job writes as it comes, the rest once it ends, and exits as wait does', async () => {
    const t = localEnv()
    const run = (args: string[]) => cli(args, { env: t.env, cwd: t.dir })
    const id = (await run(['submit', '--parsable', `echo first; ${held('j')}; echo second`])).stdout.trim()
    await started(t.dir, 'j')
    const follower = start(process.execPath, [BIN, 'output', '--follow', id], { env: t.env, cwd: t.dir })
    await eventually(() => (follower.soFar().stdout === 'first\n' ? true : undefined), 60_000, 'the follower to print the first line')
    release(t.dir, 'j')
    const r = await follower.done
    assert.deepEqual([r.code, r.stdout], [0, 'first\nsecond\n'], r.stderr)

    const failing = (await run(['submit', '--parsable', 'echo gone; exit 5'])).stdout.trim()
    const f = await run(['output', '-f', failing])
    assert.equal(f.code, 1, 'a failed job: exit 1, as wait')
    assert.equal(f.stdout, 'gone\n')
    assert.match(f.stderr, new RegExp(`job ${failing} .*exit code 5`))
  })

  it('after clean: says the file was deleted by clean and where it was, exit 1; an unknown id likewise', async () => {
    const t = localEnv()
    const run = (args: string[]) => cli(args, { env: t.env, cwd: t.dir })
    const id = (await run(['submit', '--parsable', '--name', 'gone', 'echo x'])).stdout.trim()
    assert.equal((await run(['wait', id])).code, 0)
    assert.equal((await run(['clean', '--yes'])).code, 0)
    const r = await run(['output', id])
    assert.equal(r.code, 1)
    assert.equal(r.stdout, '')
    assert.match(r.stderr, new RegExp(`the stdout of job ${id} \\(${t.dir}/gone\\.cluster\\.out\\) was deleted by pcluster clean on `))
    // a job that took its own stdout file away: --follow says so once it ended, exit 1
    const took = (await run(['submit', '--parsable', '--name', 'took', 'rm took.cluster.out'])).stdout.trim()
    const f = await run(['output', '--follow', took])
    assert.equal(f.code, 1, f.stderr)
    assert.match(f.stderr, new RegExp(`job ${took} ended \\(completed\\) with no stdout file at ${t.dir}/took\\.cluster\\.out`))
    const none = await run(['output', '4242'])
    assert.equal(none.code, 1)
    assert.match(none.stderr, /no record of .*job 4242/)
  })

  it("a pending job's output is not written yet: said, naming the path, exit 1", async () => {
    const t = localEnv()
    const run = (args: string[]) => cli(args, { env: t.env, cwd: t.dir })
    const id = (await run(['submit', '--parsable', '--hold', '--name', 'later', 'echo x'])).stdout.trim()
    const r = await run(['output', id])
    assert.equal(r.code, 1)
    assert.match(r.stderr, new RegExp(`job ${id} has not written its stdout yet: it is held \\(it goes to ${t.dir}/later\\.cluster\\.out\\)`))
    assert.equal((await run(['cancel', id])).code, 0)
  })
})

describe('local queue: submit --wait and the job output', () => {
  it('--json --wait: one object once the job ended, with its state and exit code', async () => {
    const t = localEnv()
    const r = await cli(['submit', '--json', '--wait', '--name', 'three', 'echo hi; exit 3'], { env: t.env, cwd: t.dir })
    assert.equal(r.code, 3, r.stderr)
    const o = JSON.parse(r.stdout) as Record<string, unknown>
    assert.deepEqual([o.name, o.qtype, o.state, o.exitCode, o.out], ['three', 'local', 'failed', 3, `${t.dir}/three.cluster.out`])
    assert.match(String(o.id), /^\d+$/)
    writeFileSync(join(t.dir, 'job.sh'), '#!/bin/bash\necho from-file\nexit 0\n')
    const f = await cli(['submit-file', '--json', '--wait', 'job.sh'], { env: t.env, cwd: t.dir })
    assert.equal(f.code, 0, f.stderr)
    assert.deepEqual(Object.entries(JSON.parse(f.stdout) as object).filter(([k]) => ['state', 'exitCode'].includes(k)), [['state', 'completed'], ['exitCode', 0]])
  })

  it("on a terminal, --wait writes the job's stdout and stderr as srun does; in a pipe, never", async () => {
    const t = localEnv()
    const cmd = `'${process.execPath}' '${BIN}' submit --wait 'echo out-line; echo err-line >&2'`
    // script(1) gives the command a pseudo-terminal for stdout and stderr: what it wrote comes back on our stdout
    const tty = await collect('script', ['-qec', cmd, '/dev/null'], { env: t.env, cwd: t.dir })
    assert.equal(tty.code, 0, tty.stdout + tty.stderr)
    assert.match(tty.stdout, /Submitted job \d+ .*\r?\nout-line\r?\nerr-line\r?\n/)
    const pipe = await cli(['submit', '--wait', 'echo out-line'], { env: t.env, cwd: t.dir })
    assert.equal(pipe.code, 0, pipe.stderr)
    assert.match(pipe.stdout, /^Submitted job \d+ \(echo\) to the local queue: .*\n$/)
    assert.doesNotMatch(pipe.stdout + pipe.stderr, /out-line/)
  })
})
