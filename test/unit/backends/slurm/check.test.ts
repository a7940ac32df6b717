// submit --check on Slurm: parsers on output recorded from the test Slurm (22.05: test/fixtures/slurm/
// scontrol-show-partition.txt, partitions debug (default, no MaxTime) and short (MaxTime 00:10:00);
// scontrol-show-node.txt, node vm with RealMemory 8000 and 8 CPUs; sbatch-test-only-*.stderr), and the limits
// a job is checked against.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { parseNodes, parsePartitions, parseTestOnly, partitionRefusals, slurmDuration } from '../../../../src/backends/slurm/check.js'
import { FIXTURES } from '../../../helpers.js'

const fixture = (name: string) => readFileSync(join(FIXTURES, 'slurm', name), 'utf8')
const partitions = parsePartitions(fixture('scontrol-show-partition.txt'))
const nodes = parseNodes(fixture('scontrol-show-node.txt'))

describe('Slurm --check', () => {
  it("reads each partition's limits and each node's size", () => {
    assert.deepEqual(partitions.map((p) => [p.name, p.isDefault, p.maxTime, p.maxNodes, p.maxMemPerNode, p.allowAccounts]),
      [['debug', true, undefined, undefined, undefined, undefined], ['short', false, 600, undefined, undefined, undefined]])
    assert.deepEqual(nodes, [{ name: 'vm', memory: 8000, cpus: 8, partitions: ['debug', 'short'] }])
    assert.equal(slurmDuration('1-02:03:04'), 93784)
    assert.equal(slurmDuration('30'), 1800)
    assert.equal(slurmDuration('UNLIMITED'), undefined)
  })

  it('names the limit a job is over: MaxTime, node memory and CPUs, MaxMemPerNode, AllowAccounts, an unknown partition', () => {
    assert.deepEqual(partitionRefusals({ partition: 'short', time: 1200 }, partitions, nodes), ["--time 00:20:00 is over partition short's MaxTime 00:10:00"])
    assert.deepEqual(partitionRefusals({ time: 1200 }, partitions, nodes), [])
    assert.deepEqual(partitionRefusals({ mem: 16384, cores: 9 }, partitions, nodes),
      ['--mem 16G is more than any node of partition debug has (RealMemory 8000M at most)', '--cores 9 is more than any node of partition debug has (8 CPUs at most)'])
    assert.deepEqual(partitionRefusals({ 'mem-per-cpu': 2000, cores: 8 }, partitions, nodes),
      ['--mem-per-cpu 2000M × 8 cores is more than any node of partition debug has (RealMemory 8000M at most)'])
    const strict = [{ ...partitions[1]!, maxMemPerNode: 4096, allowAccounts: ['physics'] }]
    assert.deepEqual(partitionRefusals({ partition: 'short', mem: 5000, account: 'bio' }, strict, nodes),
      ["--mem 5000M is over partition short's MaxMemPerNode 4G", "--account bio is not among partition short's AllowAccounts (physics)"])
    assert.deepEqual(partitionRefusals({ partition: 'long' }, partitions, nodes), ['there is no partition long (partitions: debug, short)'])
  })

  it("reads sbatch --test-only's answer: when and where, or why not", () => {
    assert.deepEqual(parseTestOnly(0, fixture('sbatch-test-only-ok.stderr')), { start: 'Slurm would start it at 2026-12-06T11:51:37 on vm (partition debug, 1 CPUs)' })
    assert.deepEqual(parseTestOnly(1, fixture('sbatch-test-only-mem.stderr')), { refused: 'sbatch --test-only: allocation failure: Requested node configuration is not available' })
  })
})
