// Grid Engine's parsers on output recorded from SGE 8.1.9 (test/fixtures/sge, copied from shared/fixtures/sge).
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { parseQdel } from '../../../../src/backends/sge/cancel.js'
import { ids } from '../../../../src/backends/sge/ids.js'
import { categoryLimit, normalizeSgeState, parseErrorReason, parseQacctRecords, parseQstatXml, qacctStatus } from '../../../../src/backends/sge/status.js'
import { parsePeList, parseQsubTerse, qmasterDown, qsubReason, unknownPe } from '../../../../src/backends/sge/submit.js'
import { FIXTURES } from '../../../helpers.js'

const fixture = (name: string) => readFileSync(join(FIXTURES, 'sge', name), 'utf8')
const none = () => false
const acct = (name: string, cancelled: (id: string) => boolean = none) => qacctStatus(parseQacctRecords(fixture(name))[0]!, cancelled)

describe('sge: qstat -r -xml', () => {
  it('running, suspended, waiting, held, dependency-held and Eqw jobs, each with its normalized state', async () => {
    const jobs = await parseQstatXml(fixture('qstat-u-all-busy-r-xml.xml'))
    const by = new Map(jobs.map((j) => [`${j.id} ${j.rawState}`, j]))
    assert.deepEqual(jobs.map((j) => [j.id, j.rawState, j.state]), [
      ['127', 's', 'held'], ['128.1', 'r', 'running'], ['128', 'qw', 'pending'], ['126', 'Eqw', 'never_runnable'],
      ['129', 'qw', 'pending'], ['132', 'qw', 'pending'], ['130', 'hqw', 'held'], ['131', 'hqw', 'pending'],
    ])
    const dep = by.get('131 hqw')!
    assert.equal(dep.dependency, 'afterany:127')
    assert.match(dep.reason, /Dependency \(after 127\)/)
    const run = by.get('128.1 r')!
    assert.equal(run.partition, 'all.q')
    assert.equal(run.nodes, 'vm')
    assert.equal(run.cores, 1)
    assert.equal(run.startedAt, new Date('2026-11-24T19:50:14').toISOString())
  })
  it('no jobs at all', async () => {
    assert.deepEqual(await parseQstatXml(fixture('qstat-xml-empty.xml')), [])
  })
  it("an Eqw job's reason from qstat -j", () => {
    assert.equal(parseErrorReason(fixture('qstat-j-err.txt')), 'error: can\'t open output file "/nonexistent/dir/out": No such file or directory')
  })
  it('state letters', () => {
    assert.equal(normalizeSgeState('dr', false), 'completing')
    assert.equal(normalizeSgeState('t', false), 'running')
    assert.equal(normalizeSgeState('Rr', false), 'running')
    assert.equal(normalizeSgeState('hqw', true), 'pending')
  })
})

describe('sge: qacct -j', () => {
  it('exit 0 completed, exit 3 failed with its code', () => {
    assert.deepEqual([acct('qacct-success.txt').state, acct('qacct-success.txt').exitCode], ['completed', 0])
    const f = acct('qacct-exit3.txt')
    assert.deepEqual([f.id, f.state, f.exitCode, f.signal, f.name], ['138', 'failed', 3, null, 'exit3_job'])
    assert.equal(f.startedAt, new Date('Tue Nov 24 19:50:32 2026').toISOString())
  })
  it('failed 37 past h_rt is a timeout (the h_rt of its category, fixture: -l h_rt=2, wallclock 2s)', () => {
    const t = acct('qacct-h_rt-exceeded.txt')
    assert.deepEqual([t.state, t.exitCode, t.signal], ['timeout', 137, 9])
    assert.match(t.reason, /h_rt/)
    assert.equal(categoryLimit('-l h_rt=0:1:30,h_vmem=1G', 'h_rt'), 90)
  })
  it('failed 100 is a kill; a cancel only when pcluster cancelled it', () => {
    const killed = acct('qacct-killed-signal.txt')
    assert.deepEqual([killed.state, killed.signal], ['failed', 9])
    assert.equal(acct('qacct-deleted-running.txt', (id) => id === '127').state, 'cancelled')
    assert.equal(acct('qacct-deleted-running.txt').state, 'failed')
  })
  it('a job SGE could not start (failed 26) failed, with the reason, and no start time', () => {
    const n = acct('qacct-never-ran.txt')
    assert.deepEqual([n.state, n.startedAt], ['failed', null])
    assert.match(n.reason, /SGE failed 26: opening input\/output file/)
  })
  it('an array job: one record per task, ids JOB.TASK', () => {
    const recs = parseQacctRecords(fixture('qacct-array.txt')).map((r) => qacctStatus(r, none))
    assert.deepEqual(recs.map((r) => r.id), ['141.1', '141.2', '141.3', '141.4', '141.5'])
  })
})

describe('sge: qsub, qdel, ids', () => {
  it('qsub -terse: the id; an array: its job number', () => {
    assert.equal(parseQsubTerse(fixture('qsub-terse.txt')), '114')
    assert.equal(parseQsubTerse(fixture('qsub-array-terse.txt')), '117')
  })
  it("qsub's refusals: the qmaster's reason in one line", () => {
    assert.equal(qsubReason(fixture('err-unknown-queue.stderr.txt')), 'Job was rejected because job requests unknown queue "nosuch.q"')
    assert.equal(qsubReason(fixture('err-unknown-pe.stderr.txt')), 'job rejected: the requested parallel environment "nosuchpe" does not exist')
    const down = fixture('err-qmaster-down-qsub.stderr.txt')
    assert.ok(qmasterDown(down))
    assert.equal(unknownPe(down), undefined)
    assert.match(qsubReason(down), /^unable to send message to qmaster using port 6444/)
  })
  it('a parallel environment the site lacks is told apart, and qconf -spl lists the ones it has', () => {
    assert.equal(unknownPe(fixture('err-unknown-pe.stderr.txt')), 'nosuchpe')
    assert.equal(unknownPe(fixture('err-unknown-queue.stderr.txt')), undefined)
    assert.deepEqual(parsePeList(fixture('qconf-spl.txt')), ['make', 'mpi', 'smp'])
  })
  it("qdel's lines: deleted, registered for deletion, unknown; the qmaster down is none of them", () => {
    assert.deepEqual(parseQdel(fixture('qdel-running.txt') + fixture('qdel-pending.txt') + fixture('qdel-nonexistent.txt')),
      { unknown: ['999999'], done: ['127', '129'], other: [] })
    assert.ok(qmasterDown(fixture('err-qmaster-down-qdel.txt')))
    // one task of an array is named as such (qdel took JOB.TASK: only that task goes)
    assert.deepEqual(parseQdel(fixture('qdel-array-task.txt') + 'root has registered the job-array task 43.2 for deletion\n'),
      { unknown: [], done: ['128.3', '43.2'], other: [] })
  })
  it('ids: 123 and 123.4', () => {
    assert.equal(ids.parse(' 123 '), '123')
    assert.equal(ids.parse('123.4'), '123.4')
    assert.equal(ids.parse('123_4'), undefined)
  })
})

describe('sge: cancel', () => {
  it('passes a task id to qdel as it is, and records as cancelled only what qdel took', async () => {
    const { mkdtempSync, readFileSync, readdirSync, writeFileSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const bin = mkdtempSync(join(tmpdir(), 'pcluster-qdel-'))
    writeFileSync(join(bin, 'qdel'), `#!/bin/sh\necho "$*" > '${bin}/args'\necho 'root has registered the job-array task 1234.5 for deletion'\necho 'denied: job "777" does not exist'\nexit 1\n`, { mode: 0o755 })
    writeFileSync(join(bin, 'qacct'), '#!/bin/sh\necho "error: job id 777 not found" >&2\nexit 1\n', { mode: 0o755 })
    const saved = { PATH: process.env.PATH, XDG_STATE_HOME: process.env.XDG_STATE_HOME }
    process.env.PATH = `${bin}:${process.env.PATH}`
    process.env.XDG_STATE_HOME = join(bin, 'state')
    try {
      const { cancel } = await import('../../../../src/backends/sge/cancel.js')
      assert.deepEqual(await cancel(['1234.5', '777']), { unknown: ['777'], ended: [] })
      assert.equal(readFileSync(join(bin, 'args'), 'utf8').trim(), '1234.5 777')
      assert.deepEqual(readdirSync(join(bin, 'state', 'pcluster', 'sge-cancelled')), ['1234.5'])
    } finally {
      process.env.PATH = saved.PATH
      if (saved.XDG_STATE_HOME === undefined) delete process.env.XDG_STATE_HOME
      else process.env.XDG_STATE_HOME = saved.XDG_STATE_HOME
    }
  })
})

describe('sge: a recorded cancel speaks only for a job submitted before it', () => {
  it('a job number come round again is not called cancelled by an old record', async () => {
    const { cancelApplies } = await import('../../../../src/backends/qsub-family/cancelrecords.js')
    const submitted = Date.parse('2026-12-01T10:00:00Z')
    assert.equal(cancelApplies(submitted + 5_000, submitted), true)
    assert.equal(cancelApplies(submitted - 30 * 86400_000, submitted), false)
    assert.equal(cancelApplies(undefined, submitted), false)
    assert.equal(cancelApplies(submitted, NaN), true) // submission time not known: the record stands
  })
})
