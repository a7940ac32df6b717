// The one reading of a batch system command's result (core/commandresults.ts), on results as runCommand gives
// them, the cases a stand-in command cannot easily make included (a timeout, a signal).
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { queryAnswer, submittedId, type SubmitReading } from '../../../src/core/commandresults.js'
import { SchedulerError, TransientError } from '../../../src/core/errors.js'
import type { CommandResult } from '../../../src/core/exec.js'

const result = (r: Partial<CommandResult>): CommandResult => ({ argv: ['ask', '-x'], exitCode: 0, signal: null, stdout: '', stderr: '', ...r })

function thrown(f: () => unknown): unknown {
  try {
    f()
  } catch (e) {
    return e
  }
  throw new Error('no error')
}

describe('a query\'s answer', () => {
  it('stdout when it exits 0, or with an exit that still answers for the rest', () => {
    assert.equal(queryAnswer(result({ stdout: 'jobs' })), 'jobs')
    assert.equal(queryAnswer(result({ exitCode: 153, stdout: 'some' }), { partial: new Set([153]) }), 'some')
  })
  it('else a passing failure saying why, with the command', () => {
    const why = (r: Partial<CommandResult>, said?: string) => {
      const e = thrown(() => queryAnswer(result(r), said === undefined ? {} : { said }))
      assert.ok(e instanceof TransientError)
      assert.deepEqual(e.argv, ['ask', '-x'])
      return e.message
    }
    assert.equal(why({ exitCode: null, error: 'not_found' }), 'ask is not on PATH')
    assert.equal(why({ exitCode: null, signal: 'SIGKILL', error: 'timed_out' }), 'ask did not answer within 60 s')
    assert.equal(why({ exitCode: null, signal: 'SIGSEGV' }), 'ask exited SIGSEGV: ')
    assert.equal(why({ exitCode: 1, stderr: 'first\nlast words\n', stdout: 'out' }), 'ask exited 1: last words')
    assert.equal(why({ exitCode: 1, stdout: 'said on stdout\n' }, 'said on stdout\n'), 'ask exited 1: said on stdout')
    assert.equal(why({ exitCode: 153 }), 'ask exited 153: ')
  })
})

describe('a submit\'s answer', () => {
  const reading: SubmitReading = {
    missing: { code: 'NO_QSUB', hint: 'install it' },
    parseId: (out) => /^\d+$/.exec(out.trim())?.[0],
    reason: (r) => r.stderr.trim() || 'no reason given',
    unsure: (r) => /timed out/.test(r.stderr),
  }
  const error = async (r: Partial<CommandResult>, how = reading): Promise<SchedulerError> => {
    try {
      await submittedId(result(r), how)
    } catch (e) {
      assert.ok(e instanceof SchedulerError)
      return e
    }
    throw new Error('no error')
  }

  it('the id', async () => {
    assert.equal(await submittedId(result({ stdout: '42\n' }), reading), '42')
  })
  it('not known whether queued: no answer in time, an unsure answer (even with an id), an exit 0 without an id', async () => {
    const timedOut = await error({ exitCode: null, signal: 'SIGKILL', error: 'timed_out', stderr: 'timed out' })
    assert.deepEqual([timedOut.code, timedOut.message], ['SUBMIT_UNKNOWN', 'ask did not answer within 120 s'])
    assert.match(timedOut.hint!, /may have been queued all the same/)
    const unsure = await error({ stdout: '42\n', stderr: 'timed out' })
    assert.deepEqual([unsure.code, unsure.message, unsure.commandExitCode], ['SUBMIT_UNKNOWN', 'ask failed, but perhaps after queuing the job: timed out', 0])
    const noId = await error({ stdout: 'Your job 42 has been submitted\n' })
    assert.deepEqual([noId.code, noId.message], ['SUBMIT_UNKNOWN', 'ask answered "Your job 42 has been submitted" instead of a job id'])
  })
  it('a system\'s own unknown answers, hint and time allowed', async () => {
    const own: SubmitReading = { ...reading, timeoutMs: 30_000, unknownHint: 'it looks it up itself',
      unknown: (r) => (r.signal ? `ask was killed (${r.signal})` : undefined) }
    const killed = await error({ exitCode: null, signal: 'SIGTERM' }, own)
    assert.deepEqual([killed.code, killed.message, killed.hint], ['SUBMIT_UNKNOWN', 'ask was killed (SIGTERM)', 'it looks it up itself'])
    assert.equal((await error({ exitCode: null, signal: 'SIGKILL', error: 'timed_out' }, own)).message, 'ask did not answer within 30 s')
    // unsure first: its words are the server's own
    assert.equal((await error({ exitCode: null, signal: 'SIGTERM', stderr: 'timed out' }, own)).message, 'ask failed, but perhaps after queuing the job: timed out')
  })
  it('refused: the system\'s reason and hint, or its own better error', async () => {
    const missing = await error({ exitCode: null, error: 'not_found', stderr: 'spawn ask ENOENT' })
    assert.deepEqual([missing.code, missing.message, missing.hint, missing.stderr], ['NO_QSUB', 'ask is not on PATH', 'install it', ''])
    const refused = await error({ exitCode: 3, stderr: 'no such queue\n' })
    assert.deepEqual([refused.code, refused.message, refused.hint, refused.commandExitCode, refused.stderr],
      ['SUBMIT_REFUSED', 'ask refused the job: no such queue', undefined, 3, 'no such queue\n'])
    const hinted = await error({ exitCode: 3, stderr: 'no such queue\n' }, { ...reading, hint: (_, reason) => `said: ${reason}` })
    assert.equal(hinted.hint, 'said: no such queue')
    const better = new SchedulerError('NO_SUCH_PE', 'no such parallel environment', { argv: ['ask'] })
    assert.equal(await error({ exitCode: 1, stderr: 'pe' }, { ...reading, explain: async () => better }), better)
    assert.equal((await error({ exitCode: 1, stderr: 'other' }, { ...reading, explain: async () => undefined })).code, 'SUBMIT_REFUSED')
  })
})
