// Torque's qstat readers on every real sample in test/fixtures/torque (copied from shared/fixtures, README
// beside them), against expected JSON beside each; and the shapes no sample shows, built from the notes.
import assert from 'node:assert/strict'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { markBrokenChains, pick } from '../../../../src/backends/qsub-family/jobstatus.js'
import { parseQstatX } from '../../../../src/backends/torque/qstatx.js'
import { parseQstatF } from '../../../../src/backends/qsub-family/records.js'
import { torqueStatus } from '../../../../src/backends/torque/states.js'
import type { JobStatus } from '../../../../src/core/states.js'
import { FIXTURES } from '../../../helpers.js'

const DIR = join(FIXTURES, 'torque')
const read = (f: string) => readFileSync(join(DIR, f), 'utf8')
const brief = (j: JobStatus) => ({ id: j.id, name: j.name, user: j.user, state: j.state, exitCode: j.exitCode })

describe('every real Torque sample', () => {
  const samples = readdirSync(DIR).filter((f) => /\.(xml|txt)$/.test(f))
  it('there are samples of both forms', () => assert.ok(samples.filter((f) => f.endsWith('.xml')).length >= 7 && samples.some((f) => f.endsWith('.txt'))))
  for (const f of samples) {
    it(`${f}: each job's id, name, user, state and exit code`, () => {
      const records = f.endsWith('.xml') ? parseQstatX(read(f)) : parseQstatF(read(f))
      const expected = JSON.parse(read(f.replace(/\.(xml|txt)$/, '.expected.json'))) as unknown[]
      assert.deepEqual(records.map(torqueStatus).map(brief), expected)
    })
  }
  it('reads what else a status needs: hosts, cores, times, reasons', () => {
    const [r, q] = parseQstatX(read('qstat-x-mxenes-torque6-R-Q.xml')).map(torqueStatus)
    assert.deepEqual([r!.nodes, r!.nodeCount, r!.cores, r!.partition, r!.startedAt], ['c0', 1, 44, 'master', '2022-08-08T14:45:57.000Z'])
    assert.equal(q!.reason, 'Not Running: Not enough of the right type of nodes are available')
    const [c] = parseQstatX(read('qstat-x-mxenes-torque6-C.xml')).map(torqueStatus)
    assert.equal(c!.endedAt, '2022-08-08T14:59:07.000Z')
    // a requeued job keeps its old exit_status -3 while it runs again: no exit code yet
    const [requeued] = parseQstatX(read('qstat-x-fyrd-stanford-mixed-array.xml')).map(torqueStatus)
    assert.deepEqual([requeued!.state, requeued!.exitCode], ['running', null])
  })
  it('a job waiting on afterok (system hold) is pending, with its dependency; a user hold is held', () => {
    const [dep] = parseQstatF(read('qstat-f-ichec-H-R-C-Q-exit271.txt')).map(torqueStatus)
    assert.equal(dep!.dependency, 'afterok:549158.service1.head.cb3.ichec.ie@service1.cb3.ichec.ie')
    const [held] = parseQstatX(read('qstat-x-dkfz-H-depend-reformatted.xml')).map(torqueStatus)
    assert.equal(held!.reason, 'Hold_Types=u')
  })
  it('qstat -f text: values wrapped with tabs and bare newlines are joined', () => {
    const [, , , c] = parseQstatF(read('qstat-f-ichec-H-R-C-Q-exit271.txt'))
    assert.equal(c!.exit_status, '271')
    const [h] = parseQstatF(read('qstat-f-ichec-H-R-C-Q-exit271.txt'))
    assert.equal(h!.Error_Path, 'host.domain:/some/path/to/sth/ASSP-1R-p/more/down/the/path/ASSP-1R.e549159')
  })
})

const job = (id: string, fields: string) => `<Job><Job_Id>${id}</Job_Id><Job_Name>n${id}</Job_Name><Job_Owner>me@host</Job_Owner>${fields}</Job>`

describe('qstat -x as real servers print it (notes §3)', () => {
  it('several documents, with and without <?xml?>, raw &, 0x0E for <, control characters, raw newlines', () => {
    const text = `<?xml version="1.0"?>\n<Data>${job('1.s', '<job_state>R</job_state><comment>a & b\x0e c\nline two</comment><Variable_List>A=\x1b[0m,B=&x</Variable_List>')}</Data>\n`
      + `<?xml version="1.0"?>\n<Data>${job('2.s', '<job_state>Q</job_state><sched_hint>it&apos;s</sched_hint>')}</Data>\n`
      + `<Data>${job('3[].s', '<job_state>C</job_state>')}${job('3[1].s', '<job_state>C</job_state><exit_status>0</exit_status>')}</Data>\n`
    const r = parseQstatX(text)
    assert.deepEqual(r.map((j) => j.Job_Id), ['1.s', '2.s', '3[].s', '3[1].s'])
    assert.equal(r[0]!.comment, 'a & b< c\nline two')
    assert.equal(r[1]!.sched_hint, "it's")
    assert.equal(r[0]!.Variable_List, undefined)
  })
  it('an empty queue: nothing at all (Torque < 6.0.2) or <Data></Data>', () => {
    assert.deepEqual(parseQstatX(''), [])
    assert.deepEqual(parseQstatX('\n'), [])
    assert.deepEqual(parseQstatX('<?xml version="1.0"?>\n<Data></Data>\n'), [])
  })
  it('ids and exit codes stay text: 1000 and -3 are not numbers turned back', () => {
    const [r] = parseQstatX(`<Data>${job('1000', '<job_state>C</job_state><exit_status>-11</exit_status>')}</Data>`)
    assert.equal(r!.Job_Id, '1000')
    assert.equal(r!.exit_status, '-11')
  })
})

describe('exit_status as Torque writes it (pbs_job.h, mom_start.c @6.1.3)', () => {
  const ended = (exit: string | undefined, extra = '') =>
    torqueStatus(parseQstatX(`<Data>${job('9.s', `<job_state>C</job_state>${exit === undefined ? '' : `<exit_status>${exit}</exit_status>`}${extra}`)}</Data>`)[0]!)
  it('0 ok, 1..255 the job\'s code, 256+N signal N, 271 cancelled, no exit_status: deleted while queued', () => {
    assert.deepEqual(brief(ended('0')).state, 'completed')
    assert.deepEqual([ended('3').state, ended('3').exitCode], ['failed', 3])
    assert.deepEqual([ended('265').state, ended('265').signal, ended('265').exitCode], ['failed', 9, null])
    assert.deepEqual([ended('271').state, ended('271').signal], ['cancelled', 15])
    assert.equal(ended(undefined).state, 'cancelled')
  })
  it('negative: the server ended it: -11 walltime, -10 memory, others failed or node_fail', () => {
    assert.equal(ended('-11').state, 'timeout')
    assert.match(ended('-11').reason, /walltime/)
    assert.equal(ended('-10').state, 'out_of_memory')
    assert.equal(ended('-9').state, 'failed')
    assert.equal(ended('-4').state, 'node_fail')
  })
  it('aborted because its afterok parent failed (≥ 5.1: C, 271 and the comment) never runs', () => {
    const s = ended('271', '<comment>Job deleted as result of dependency on job 7.s</comment>')
    assert.deepEqual([s.state, s.blockedBy], ['dependency_never_satisfied', '7.s'])
  })
  it('states Q H W R E C T S', () => {
    const st = (c: string) => torqueStatus({ Job_Id: '1.s', job_state: c }).state
    assert.deepEqual(['Q', 'H', 'W', 'R', 'E', 'T', 'S', '?'].map(st), ['pending', 'held', 'pending', 'running', 'completing', 'pending', 'running', 'unknown'])
  })
  it('a job waiting on a parent that failed will never run, down the chain, before the server says so', () => {
    const jobs = [
      torqueStatus({ Job_Id: '1.s', job_state: 'C', exit_status: '2' }),
      torqueStatus({ Job_Id: '2.s', job_state: 'H', Hold_Types: 's', depend: 'afterok:1.s@s' }),
      torqueStatus({ Job_Id: '3.s', job_state: 'H', Hold_Types: 's', depend: 'afterok:2.s@s' }),
    ]
    const [, b, c] = markBrokenChains(jobs)
    assert.deepEqual([b!.state, b!.blockedBy, c!.state, c!.blockedBy], ['dependency_never_satisfied', '1.s', 'dependency_never_satisfied', '2.s'])
  })
})

describe('a large answer is read in time linear in its jobs (bench/torque-qstat.mjs times it)', () => {
  /** n jobs, each after the one before it, the first failed, listed last-first; every read of a job's fields counted. */
  function chain(n: number): { jobs: JobStatus[]; reads: () => number } {
    let reads = 0
    const jobs = Array.from({ length: n }, (_, k) => {
      const i = n - 1 - k
      const s = i === 0 ? torqueStatus({ Job_Id: '1000.s', job_state: 'C', exit_status: '2' })
        : torqueStatus({ Job_Id: `${1000 + i}.s`, job_state: 'H', Hold_Types: 's', depend: `afterok:${999 + i}.s@s` })
      return new Proxy(s, { get: (t, p, r) => { reads++; return Reflect.get(t, p, r) } })
    })
    return { jobs, reads: () => reads }
  }
  it('marking a 2,000-job broken chain reads each job a few times, not once per other job', () => {
    const { jobs, reads } = chain(2000)
    markBrokenChains(jobs)
    assert.ok(jobs.every((j) => j.id === '1000.s' || j.state === 'dependency_never_satisfied'))
    assert.equal(jobs.find((j) => j.id === '1999.s')!.blockedBy, '1998.s')
    assert.ok(reads() < 20 * 2000, `${reads()} reads of 2,000 jobs`)
  })
  it('picking 1,000 ids among 2,000 jobs reads each job a few times', () => {
    const { jobs, reads } = chain(2000)
    const ids = Array.from({ length: 1000 }, (_, i) => `${1000 + 2 * i}`) // short ids, as users type them
    const before = reads()
    const got = pick(jobs, ids)
    assert.equal(got.size, 1000)
    assert.equal(got.get('1002')!.id, '1002.s')
    assert.ok(reads() - before < 10 * 2000, `${reads() - before} reads`)
  })
})
