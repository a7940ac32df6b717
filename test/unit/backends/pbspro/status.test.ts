// PBS Pro's qstat readers on every real sample in test/fixtures/pbspro (README beside them), against the
// expected JSON beside each; JSON broken by environment values; states and Exit_status as PBS Pro documents.
import assert from 'node:assert/strict'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { parseQstatJson } from '../../../../src/backends/pbspro/qstatjson.js'
import { refusesJson } from '../../../../src/backends/pbspro/status.js'
import { pbsproStatus } from '../../../../src/backends/pbspro/states.js'
import { parseQstatF } from '../../../../src/backends/qsub-family/records.js'
import type { JobStatus } from '../../../../src/core/states.js'
import { FIXTURES } from '../../../helpers.js'

const DIR = join(FIXTURES, 'pbspro')
const read = (f: string) => readFileSync(join(DIR, f), 'utf8')
const brief = (j: JobStatus) => ({ id: j.id, name: j.name, user: j.user, state: j.state, exitCode: j.exitCode })

describe('every real PBS Pro sample', () => {
  for (const f of readdirSync(DIR).filter((n) => /\.(json|txt)$/.test(n) && !n.endsWith('.expected.json'))) {
    it(`${f}: each job's id, name, user, state and exit code`, () => {
      const records = f.endsWith('.json') ? parseQstatJson(read(f))! : parseQstatF(read(f))
      assert.deepEqual(records.map(pbsproStatus).map(brief), JSON.parse(read(f.replace(/\.(json|txt)$/, '.expected.json'))))
    })
  }
  it('the JSON sample: hosts, cores, nodes, queue', () => {
    const [j] = parseQstatJson(read('qstat-xf-F-json-metacentrum-pbspro19-R.json'))!.map(pbsproStatus)
    assert.deepEqual([j!.nodes, j!.cores, j!.nodeCount, j!.partition], ['charon24,charon21', 4, 2, 'charon_2h'])
  })
})

describe('qstat -f -F json as servers break it', () => {
  it('no "Jobs" when nothing matched; empty answer', () => {
    assert.deepEqual(parseQstatJson('{"timestamp":1,"pbs_version":"19.0.0","pbs_server":"s"}'), [])
    assert.deepEqual(parseQstatJson(''), [])
  })
  it('an environment value with an unescaped quote or \\\' (openpbs PR #830, #2049): read without Variable_List', () => {
    const text = '{"Jobs":{"5.s":{"Job_Name":"a","Job_Owner":"me@h","job_state":"F","Variable_List":{"X":"say "hi"","Y":"it\\\'s"},"Exit_status":0}}}'
    const [j] = parseQstatJson(text)!.map(pbsproStatus)
    assert.deepEqual(brief(j!), { id: '5.s', name: 'a', user: 'me', state: 'completed', exitCode: 0 })
  })
  it('hopeless text is undefined (the caller asks again in text form)', () => {
    assert.equal(parseQstatJson('{"Jobs":{'), undefined)
  })
})

describe('PBS Pro states and Exit_status', () => {
  const st = (job_state: string, extra: Record<string, string> = {}) => pbsproStatus({ Job_Id: '1.s', job_state, ...extra })
  it('Q H W T M R E B S U F X', () => {
    assert.deepEqual(['Q', 'H', 'W', 'T', 'M', 'R', 'E', 'B', 'S', 'U'].map((s) => st(s).state),
      ['pending', 'held', 'pending', 'pending', 'pending', 'running', 'completing', 'running', 'running', 'running'])
    assert.deepEqual([st('F', { Exit_status: '0' }).state, st('X', { Exit_status: '4' }).state, st('X', { Exit_status: '4' }).exitCode], ['completed', 'failed', 4])
  })
  it('-29 walltime, -27 memory, 271 qdel, 265 a SIGKILL (qdel after kill_delay or an OOM kill), 256+N signal, deleted before it ran, dependency abort', () => {
    assert.equal(st('F', { Exit_status: '-29' }).state, 'timeout')
    assert.equal(st('F', { Exit_status: '-27' }).state, 'out_of_memory')
    assert.equal(st('F', { Exit_status: '271' }).state, 'cancelled')
    // a cancel only by pcluster's own record (outcome.test.ts, markOwnCancels below)
    assert.deepEqual([st('F', { Exit_status: '265' }).state, st('F', { Exit_status: '265' }).signal], ['failed', 9])
    assert.deepEqual([st('F', { Exit_status: '262' }).state, st('F', { Exit_status: '262' }).signal], ['failed', 6])
    assert.equal(st('F').state, 'cancelled')
    const dep = st('F', { comment: 'Job deleted as result of dependency on job 4.s' })
    assert.deepEqual([dep.state, dep.blockedBy], ['dependency_never_satisfied', '4.s'])
  })
})

describe('a qstat without -F json (PBS Pro before 18.1)', () => {
  // PBS Pro 14.1's qstat.c: getopt's complaint, then its usage (no `-F format`), exit 2
  const v14 = "qstat: invalid option -- 'F'\nusage: \nqstat [-f] [-J] [-p] [-t] [-x] [ job_identifier... | destination... ]\n"
  const v19 = "qstat: option w cannot be used with -F\nusage: \nqstat [-f] [-J] [-p] [-t] [-x] [-E] [-F format | -w] [-D delim] [ job_identifier... | destination... ]\n"
  it('is told by its refusal of -F, and only by that', () => {
    assert.equal(refusesJson({ exitCode: 2, stderr: v14 }), true)
    assert.equal(refusesJson({ exitCode: 2, stderr: v19 }), false) // a server with JSON refusing something else
    assert.equal(refusesJson({ exitCode: 153, stderr: 'qstat: Unknown Job Id 5.s\n' }), false)
    assert.equal(refusesJson({ exitCode: 1, stderr: 'qstat: cannot connect to server s (errno=111)\n' }), false)
  })
})
