// The body every job script shares, run for real by bash: the end record it writes carries the command's exit
// code and the start and end times (bash's own clock, no `date` process), and the record parses back.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { parseEndRecord, renderBody, SCRIPT_RUNNER } from '../../../src/core/jobscript.js'
import { testEnv } from '../../helpers.js'

/** Runs the body of `command` by bash, its stdout into DIR/out. */
function runBody(command: string): { record: string; dir: string; status: number | null } {
  const { dir } = testEnv()
  const files = { dir, script: join(dir, 'j.sh'), out: join(dir, 'j.out'), err: join(dir, 'j.err'), end: join(dir, 'j.end') }
  writeFileSync(files.script, `#!/bin/bash\n${renderBody({ name: 'j', command, options: {}, files })}`)
  // a PATH with mv alone (the record is moved into place whole), no date: the clock must be bash's own
  mkdirSync(join(dir, 'bin'))
  symlinkSync(spawnSync('/bin/sh', ['-c', 'command -v mv'], { encoding: 'utf8' }).stdout.trim(), join(dir, 'bin', 'mv'))
  const out = openSync(join(dir, 'out'), 'w')
  const r = spawnSync('/bin/bash', [files.script], { cwd: dir, env: { PATH: join(dir, 'bin') }, stdio: ['ignore', out, 'inherit'] })
  closeSync(out)
  return { record: readFileSync(files.end, 'utf8'), dir, status: r.status }
}

describe('the job body', () => {
  it("writes the command's exit code and its start and end times, with bash's clock alone", () => {
    const before = Math.floor(Date.now() / 1000)
    const { record, status } = runBody('exit 7')
    const after = Math.ceil(Date.now() / 1000)
    assert.equal(status, 7)
    const m = /^exit_code=7\nstart=(\d+)\nend=(\d+)\n$/.exec(record)
    assert.ok(m, record)
    const [start, end] = [Number(m[1]), Number(m[2])]
    // bash's clock is time(2), which reads the kernel's coarse clock: a few ms behind Date.now() at most, so
    // across a second's turn it may still say the second before
    assert.ok(before - 1 <= start && start <= end && end <= after, `${before} - 1 <= ${start} <= ${end} <= ${after}`)
    const parsed = parseEndRecord(record)
    assert.equal(parsed?.exitCode, 7)
    assert.equal(parsed?.endedAt, new Date(end * 1000).toISOString())
  })
})

describe('the command in the body', () => {
  // lines each batch system could read as its own directive, a line like the carrier's own prefix, blank
  // lines, trailing blanks, quotes and a here-document of the command's own
  const LINES = ['#$ -N x', '#PBS -N x', '#SBATCH -J x', '  #PBS -N x', '| kept', '', 'a  \'b\' "c" $HOME `d` \\', '\t#$ -o /tmp/x', '']
  const command = `IFS= read -r -d '' v <<'EOF'\n${LINES.join('\n')}\nEOF\nprintf '%s' "$v" 'last line, no newline'`

  it('runs a command of several lines byte for byte', () => {
    const { dir, status } = runBody(command)
    assert.equal(status, 0)
    assert.equal(readFileSync(join(dir, 'out'), 'utf8'), `${LINES.join('\n')}\nlast line, no newline`)
  })

  it('no line of the body begins as a line of the command does (a directive prefix, even after blanks)', () => {
    const files = { dir: '/d', script: '/d/j.sh', out: '/d/j.out', err: '/d/j.err', end: '/d/j.end' }
    const body = renderBody({ name: 'j', command, options: {}, files }).split('\n')
    for (const line of body) assert.doesNotMatch(line, /^\s*#(\$|PBS|SBATCH)/, line)
    // a one-line command stays one readable line
    assert.ok(renderBody({ name: 'j', command: "echo 'hi'", options: {}, files }).includes(`\neval -- 'echo '\\''hi'\\'''\n`))
  })
})

describe('a script that writes no end record of its own (SCRIPT_RUNNER)', () => {
  it('runs it with its arguments, by its #! line when executable, else by bash, and writes the same record for it', () => {
    const { dir } = testEnv()
    writeFileSync(join(dir, 'own.sh'), '#!/bin/sh\necho "$0 $# $2" > own.out\nexit 4\n')
    chmodSync(join(dir, 'own.sh'), 0o755)
    writeFileSync(join(dir, 'plain.sh'), 'echo "${BASH_VERSION:+bash} $1" > plain.out\nexit 0\n')
    const run = (script: string, end: string, ...args: string[]) =>
      spawnSync('/bin/bash', ['-c', SCRIPT_RUNNER, 'pcluster-job', join(dir, script), join(dir, end), ...args], { cwd: dir }).status
    assert.equal(run('own.sh', 'own.end', 'a b', 'c'), 4)
    assert.equal(readFileSync(join(dir, 'own.out'), 'utf8'), `${join(dir, 'own.sh')} 2 c\n`)
    assert.match(readFileSync(join(dir, 'own.end'), 'utf8'), /^exit_code=4\nstart=\d+\nend=\d+\n$/)
    assert.equal(run('plain.sh', 'plain.end', 'x'), 0)
    assert.equal(readFileSync(join(dir, 'plain.out'), 'utf8'), 'bash x\n')
    assert.equal(parseEndRecord(readFileSync(join(dir, 'plain.end'), 'utf8'))?.exitCode, 0)
  })
})
