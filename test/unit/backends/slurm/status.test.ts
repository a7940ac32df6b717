// Slurm parsers on output recorded from the real slurm-wlm 22.05 (test/fixtures/slurm/capture.sh).
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { accountingDisabled, afterOkIds, normalizeSlurmState, parseSacct, parseSqueue } from '../../../../src/backends/slurm/status.js'
import { parseSbatchParsable, sbatchReason } from '../../../../src/backends/slurm/submit.js'
import { FIXTURES } from '../../../helpers.js'

const fixture = (name: string) => readFileSync(join(FIXTURES, 'slurm', name), 'utf8')
const ids = Object.fromEntries(fixture('ids.txt').trim().split(' ').map((kv) => kv.split('='))) as Record<string, string>

describe('parseSqueue', () => {
  const jobs = new Map(parseSqueue(fixture('squeue-mixed.txt')).map((j) => [j.id, j]))
  it('reads live jobs, names with | and spaces intact', () => {
    assert.equal(jobs.get(ids.run!)?.state, 'running')
    assert.equal(jobs.get(ids.run!)?.nodes.length! > 0, true)
    assert.equal(jobs.get(ids.dep!)?.name, 'dep|on fail')
    assert.equal(jobs.get(ids.held!)?.state, 'held')
  })
  it('a dependency on a failed job is never satisfiable, and so is everything that depends on it', () => {
    assert.equal(jobs.get(ids.dep!)?.state, 'dependency_never_satisfied')
    assert.equal(jobs.get(ids.dep!)?.rawState, 'PENDING')
    assert.equal(jobs.get(ids.dep2!)?.state, 'dependency_never_satisfied')
    assert.match(jobs.get(ids.dep2!)!.reason, new RegExp(`job ${ids.dep} will never run`))
    // which job blocks it, as data, for every job of the chain
    assert.equal(jobs.get(ids.dep!)?.blockedBy, ids.bad)
    assert.equal(jobs.get(ids.dep2!)?.blockedBy, ids.dep)
  })
  it('carries never-satisfied down a chain in any order, each job naming the parent that blocks it', () => {
    const line = (id: number, reason: string, dep: string) => [id, 'PENDING', reason, 'u', 'p', 1, 1, '', 'N/A', dep, `c${id}`].join('\x1f')
    // children listed before parents, and a job after two parents of which only the second is broken
    const text = [line(4, 'Dependency', 'afterok:9(unfulfilled),afterok:3(unfulfilled)'), line(3, 'Dependency', 'afterok:2(unfulfilled)'),
      line(2, 'Dependency', 'afterok:1(unfulfilled)'), line(1, 'DependencyNeverSatisfied', 'afterok:0(failed)'), line(9, 'Dependency', '(null)')].join('\n')
    const got = parseSqueue(text).map((j) => [j.id, j.state, j.blockedBy ?? ''])
    assert.deepEqual(got, [['4', 'dependency_never_satisfied', '3'], ['3', 'dependency_never_satisfied', '2'],
      ['2', 'dependency_never_satisfied', '1'], ['1', 'dependency_never_satisfied', '0'], ['9', 'pending', '']])
  })
  it('reads afterok ids from a dependency expression', () => {
    assert.deepEqual(afterOkIds('afterok:34(unfulfilled),afterok:35_2(failed)'), ['34', '35_2'])
  })
})

describe('parseSacct', () => {
  const jobs = new Map([...parseSacct(fixture('sacct-mixed.txt')), ...parseSacct(fixture('sacct-timeout.txt'))].map((j) => [j.id, j]))
  it('maps end states and splits ExitCode code:signal', () => {
    assert.deepEqual([jobs.get(ids.ok!)?.state, jobs.get(ids.ok!)?.exitCode], ['completed', 0])
    assert.deepEqual([jobs.get(ids.bad!)?.state, jobs.get(ids.bad!)?.exitCode], ['failed', 3])
    assert.equal(jobs.get(ids.cancel!)?.state, 'cancelled')
    assert.equal(jobs.get(ids.cancel!)?.rawState, 'CANCELLED by 0')
    assert.equal(jobs.get(ids.timeout!)?.state, 'timeout')
    assert.equal(jobs.get(ids.killed!)?.state, 'failed')
    assert.equal(jobs.get(ids.killed!)?.signal, 9)
    assert.equal(jobs.get(ids.ok!)?.name, 'ok job')
  })
  it('has no exit code for a job that has not ended', () => {
    assert.equal(jobs.get(ids.run!)?.state, 'running')
    assert.equal(jobs.get(ids.run!)?.exitCode, null)
  })
})

describe('Slurm states and sbatch output', () => {
  it('normalizes every state word', () => {
    const cases: [string, string, string][] = [['PENDING', 'Priority', 'pending'], ['PENDING', 'DependencyNeverSatisfied', 'dependency_never_satisfied'],
      ['PENDING', 'JobHeldUser', 'held'], ['CONFIGURING', '', 'running'], ['COMPLETING', '', 'completing'],
      ['OUT_OF_MEMORY', '', 'out_of_memory'], ['NODE_FAIL', '', 'node_fail'], ['BOOT_FAIL', '', 'node_fail'],
      ['DEADLINE', '', 'timeout'], ['PREEMPTED', '', 'cancelled'], ['COMPLETED+', '', 'completed'], ['WHATEVER', '', 'unknown']]
    for (const [raw, reason, want] of cases) assert.equal(normalizeSlurmState(raw, reason), want, raw)
  })
  it('reads --parsable ids, with or without a cluster', () => {
    assert.equal(parseSbatchParsable('1234\n'), '1234')
    assert.equal(parseSbatchParsable('1234;cluster2\n'), '1234')
    assert.equal(parseSbatchParsable('Submitted batch job 5\n'), undefined)
  })
  it("keeps sbatch's own reason", () => {
    assert.equal(sbatchReason(fixture('sbatch-bad-partition.stderr')), 'invalid partition specified: nosuch; Invalid partition name specified')
    assert.match(sbatchReason(fixture('sbatch-too-much-mem.stderr')), /Requested node configuration is not available|memory/i)
  })
})

describe('a site without accounting', () => {
  it('is told apart from a passing sacct failure', () => {
    assert.equal(accountingDisabled('Slurm accounting storage is disabled\n'), true)
    assert.equal(accountingDisabled('SLURM accounting storage is disabled'), true)
    assert.equal(accountingDisabled('sacct: error: Problem talking to the database: Connection refused'), false)
  })
})

describe('jobs that will never run (capture-never.sh)', () => {
  const never = Object.fromEntries(fixture('never-ids.txt').trim().split(' ').map((kv) => kv.split('='))) as Record<string, string>
  it('a pending reason that never clears is never_runnable, explained; a job after it will never run either', () => {
    const jobs = new Map(parseSqueue(fixture('squeue-never.txt')).map((j) => [j.id, j]))
    for (const id of [never.cores!, never.long!]) assert.equal(jobs.get(id)?.state, 'never_runnable', id)
    // PartitionNodeLimit also means "its nodes are down or drained", which clears: still pending
    assert.equal(jobs.get(never.nodes!)?.state, 'pending')
    assert.match(jobs.get(never.cores!)!.reason, /^PartitionConfig: its partition has no node with the cores/)
    assert.match(jobs.get(never.long!)!.reason, /longer --time than its partition allows/)
    assert.equal(jobs.get(never.after!)?.state, 'dependency_never_satisfied')
    assert.equal(jobs.get(never.after!)?.blockedBy, never.cores)
  })
  it('with --kill-on-invalid-dep, Slurm cancels the chain itself: that is never runnable, a user\'s cancel is cancelled', () => {
    const jobs = new Map(parseSacct(fixture('sacct-kill-invalid-dep.txt')).map((j) => [j.id, j]))
    assert.equal(jobs.get(never.bad!)?.state, 'failed')
    assert.equal(jobs.get(never.dep!)?.state, 'dependency_never_satisfied')
    assert.equal(jobs.get(never.dep2!)?.state, 'dependency_never_satisfied')
    assert.equal(jobs.get(never.mine!)?.state, 'cancelled')
  })
})

describe('a chain Slurm cancels itself: its reason may be None', () => {
  const line = (state: string, reason: string, nodes: string) =>
    ['129', state, '0:0', reason, 'root', 'debug', '1', '1', nodes, 'None', '2026-12-01T18:23:37', 'dep'].join('\x1f')
  it('CANCELLED with no `by` on a job that never had a node will never run; a user\'s cancel or a started job is cancelled', () => {
    assert.equal(parseSacct(line('CANCELLED', 'None', 'None assigned'))[0]!.state, 'dependency_never_satisfied')
    assert.equal(parseSacct(line('CANCELLED by 0', 'None', 'None assigned'))[0]!.state, 'cancelled')
    assert.equal(parseSacct(line('CANCELLED', 'None', 'vm'))[0]!.state, 'cancelled')
  })
})
