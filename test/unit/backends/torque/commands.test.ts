// qsub's answers and refusals, qdel's, and the id grammar, on the real lines of test/fixtures/torque and
// test/fixtures/pbspro messages.tsv (and the shapes the notes read in Torque's source).
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { normaliseId, sameJob, shortId } from '../../../../src/backends/qsub-family/ids.js'
import { parseQdel } from '../../../../src/backends/qsub-family/qdel.js'
import { parseQsubId, qsubReason, submitArgv } from '../../../../src/backends/qsub-family/qsub.js'
import { FIXTURES } from '../../../helpers.js'

/** The rows of a messages.tsv: command, exit code, stream, text. */
function messages(backend: string): { command: string; text: string }[] {
  return readFileSync(join(FIXTURES, backend, 'messages.tsv'), 'utf8').trim().split('\n').slice(1)
    .map((l) => l.split('\t')).map(([command, , , text]) => ({ command: command!, text: text! }))
}

describe('qsub', () => {
  it('keeps the full id from the last stdout line (a submit filter may print first)', () => {
    assert.equal(parseQsubId('123.server.domain\n'), '123.server.domain')
    assert.equal(parseQsubId('note: using default queue\n124[].srv\n'), '124[].srv')
    assert.equal(parseQsubId('123\n'), '123') // gc3pie's ICTP sample: a bare id
    assert.equal(parseQsubId('qsub: whatever\n'), undefined)
  })
  it('dependencies go on the command line as one afterok list', () => {
    assert.deepEqual(submitArgv({ script: '/x.pbs', depends: ['1.s', '2.s'] }), ['qsub', '-W', 'depend=afterok:1.s:2.s', '/x.pbs'])
    assert.deepEqual(submitArgv({ script: '/x.pbs', depends: [] }), ['qsub', '/x.pbs'])
  })
  it('every real refusal becomes one line with the server\'s reason', () => {
    const rows = messages('torque').filter((m) => m.command.startsWith('qsub script ('))
    assert.ok(rows.length >= 2)
    const reasons = rows.map((r) => qsubReason(r.text))
    assert.deepEqual(reasons.slice(0, 2), [
      'Job exceeds queue resource limits: cannot locate feasible nodes',
      'Unauthorized Request: user ACL rejected the submitting user: user amessina@argo.ictp.it, queue cm1',
    ])
    assert.equal(qsubReason('qsub: submit error (Unauthorized Request  MSG=group ACL is not satisfied: user x, queue training)\n'),
      'Unauthorized Request: group ACL is not satisfied: user x, queue training')
    assert.equal(qsubReason('[qsub: illegal -N value]\nusage: qsub [-a date_time] ...\n'), 'illegal -N value')
  })
})

describe('qdel', () => {
  it('unknown and already-ended ids are not failures, in every real wording', () => {
    const lines = [...messages('torque'), ...messages('pbspro')].filter((m) => m.command.startsWith('qdel') && m.text.startsWith('qdel:'))
      // rows read in source (`<job id>`) and PBS Pro's id-less line (next test) aside
      .filter((m) => !m.text.includes('<') && m.text !== 'qdel: Job has finished')
    const asked = ['123', '23', '1936', '432[]']
    const r = parseQdel(lines.map((l) => l.text).join('\n'), asked)
    assert.deepEqual(r.unknown.sort(), ['123', '23', '432[]'])
    assert.deepEqual(r.ended, ['1936'])
    assert.deepEqual(r.other, ['Unauthorized Request: operation not permitted 123'])
  })
  it('PBS Pro\'s `Job has finished` names no id: the one id not otherwise explained', () => {
    assert.deepEqual(parseQdel('qdel: Job has finished\n', ['7.s']), { unknown: [], ended: ['7.s'], other: [] })
  })
  it('matches a short id in the message to the full id asked', () => {
    assert.deepEqual(parseQdel('qdel: nonexistent job id: 23\n', ['23.srv']).unknown, ['23.srv'])
  })
})

describe('job ids', () => {
  const none = () => []
  it('full ids as they are; arrays; malformed ones refused', () => {
    assert.equal(normaliseId(' 123.server.dom ', none), '123.server.dom')
    assert.equal(normaliseId('123[4].s', none), '123[4].s')
    assert.equal(normaliseId('123[].s', none), '123[].s')
    for (const bad of ['abc', '12_3', '1.2 3', '', '.s']) assert.equal(normaliseId(bad, none), undefined, bad)
  })
  it('a short id becomes the one full id qsub gave pcluster for it; without one it stays short', () => {
    assert.equal(normaliseId('123', () => ['123.srv']), '123.srv')
    assert.equal(normaliseId('123', none), '123')
    assert.equal(normaliseId('123', () => ['123.a', '123.b']), '123') // two servers: not guessed
  })
  it('sameJob: numbers equal, servers equal when both say one', () => {
    assert.ok(sameJob('123', '123.srv'))
    assert.ok(!sameJob('123.a', '123.b'))
    assert.ok(!sameJob('123[1].a', '123.a'))
    assert.equal(shortId('123[4].srv'), '123[4]')
  })
})
