// What the command-line backends share is written once: how a command's failure and a submit's result read
// (core/commandresults.ts), where pcluster keeps its own cancels (qsub-family/cancelrecords.ts), the end record's
// format (core/jobscript.ts). A second copy, which would drift from the first, fails here.
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, it } from 'node:test'
import { ROOT } from '../../helpers.js'

const SRC = join(ROOT, 'src')

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [])
}

/**
 * The source files (relative to src/) with a line matching `re`; the local queue and its service run no batch
 * system's commands, so they are left out unless `everywhere`.
 */
function writtenIn(re: RegExp, everywhere = false): string[] {
  return sources(SRC).map((f) => relative(SRC, f)).filter((f) => everywhere || !/^(backends\/local|service)\//.test(f))
    .filter((f) => readFileSync(join(SRC, f), 'utf8').split('\n').some((l) => re.test(l))).sort()
}

describe('written once', () => {
  it('a failed status query and a submit\'s result read the same for every command-line backend', () => {
    assert.deepEqual(writtenIn(/did not answer within/), ['core/commandresults.ts'])
    assert.deepEqual(writtenIn(/instead of a job id/), ['core/commandresults.ts'])
    assert.deepEqual(writtenIn(/perhaps after queuing/), ['core/commandresults.ts'])
    assert.deepEqual(writtenIn(/new TransientError\(/), ['core/commandresults.ts'])
  })
  it('pcluster\'s own cancels are kept by one store', () => {
    assert.deepEqual(writtenIn(/-cancelled`/), ['backends/qsub-family/cancelrecords.ts'])
  })
  it('the %j of output patterns is filled in by one expander', () => {
    assert.deepEqual(writtenIn(/=== 'j'|%\(%\|j/), ['core/outputpatterns.ts'])
  })
  it('the end record\'s format is written by core/jobscript.ts', () => {
    // the local queue's runner included: it runs a submit-file script under core's SCRIPT_RUNNER
    assert.deepEqual(writtenIn(/printf 'exit_code=%s/, true), ['core/jobscript.ts'])
  })
})
