// The body every job script shares, run for real by bash: the end record it writes carries the command's exit
// code and the start and end times (bash's own clock, no `date` process), and the record parses back.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { parseEndRecord, renderBody } from '../../../src/core/jobscript.js'
import { testEnv } from '../../helpers.js'

function runBody(command: string): { record: string; dir: string; status: number | null } {
  const { dir } = testEnv()
  const files = { dir, script: join(dir, 'j.sh'), out: join(dir, 'j.out'), err: join(dir, 'j.err'), end: join(dir, 'j.end') }
  writeFileSync(files.script, `#!/bin/bash\n${renderBody({ name: 'j', command, options: {}, files })}`)
  // a PATH with mv alone (the record is moved into place whole), no date: the clock must be bash's own
  mkdirSync(join(dir, 'bin'))
  symlinkSync(spawnSync('/bin/sh', ['-c', 'command -v mv'], { encoding: 'utf8' }).stdout.trim(), join(dir, 'bin', 'mv'))
  const r = spawnSync('/bin/bash', [files.script], { cwd: dir, env: { PATH: join(dir, 'bin') }, encoding: 'utf8' })
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
    assert.ok(before <= start && start <= end && end <= after, `${before} <= ${start} <= ${end} <= ${after}`)
    const parsed = parseEndRecord(record)
    assert.equal(parsed?.exitCode, 7)
    assert.equal(parsed?.endedAt, new Date(end * 1000).toISOString())
  })
})
