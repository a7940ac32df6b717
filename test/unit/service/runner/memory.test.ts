// The memory the local queue samples: /proc parsed as recorded from a real job's process group (bash leading a
// perl that holds ~105 MB and a sleep that dropped PCLUSTER_JOB_ID), and how often it is sampled.
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { nextSampleAt, pageKb, parseStat, sampleGroups } from '../../../../src/service/runner/memory.js'
import { FIXTURES } from '../../../helpers.js'

const PROC = join(FIXTURES, 'local', 'proc') // 1078 bash (leader, started 818164), 1079 perl, 1080 sleep; 4127 a stranger
const RSS = { bash: 698 * 4, perl: 26746 * 4, sleep: 337 * 4 } // kB: field 24 of each stat, 4 kB pages

describe('parseStat, pageKb', () => {
  it('reads the group, start time and RSS after the name, whatever the name holds', () => {
    const fields = 'S 1 4242 4242 0 -1 4194304 0 0 0 0 0 0 0 0 20 0 1 0 555 100 10 0'
    assert.deepEqual(parseStat(`99 (a) b (c) ${fields}`), { pgrp: 4242, start: '555', rssPages: 10 })
    assert.equal(parseStat('garbage'), undefined)
  })
  it("reads the page size from the kernel's auxiliary vector (AT_PAGESZ), 64 kB pages too", () => {
    const auxv = (page: number) => {
      const b = Buffer.alloc(48)
      b.writeBigUInt64LE(33n, 0); b.writeBigUInt64LE(1n, 8) // AT_SYSINFO_EHDR
      b.writeBigUInt64LE(6n, 16); b.writeBigUInt64LE(BigInt(page), 24) // AT_PAGESZ
      return b // then AT_NULL (zeros)
    }
    assert.deepEqual([pageKb(auxv(4096)), pageKb(auxv(65536)), pageKb(Buffer.alloc(0))], [4, 64, 4])
    assert.ok(pageKb() >= 4) // this machine's own
  })
})

describe('sampleGroups on a recorded /proc', () => {
  it('sums every process of the group while its leader runs (pid and start time match)', () => {
    const used = sampleGroups([{ id: '77', pid: 1078, pidStart: '818164' }], PROC, 4)
    assert.deepEqual([...used], [['77', RSS.bash + RSS.perl + RSS.sleep]])
  })
  it('with its leader gone (the start time differs), only the processes that carry the job id count', () => {
    const used = sampleGroups([{ id: '77', pid: 1078, pidStart: '1' }], PROC, 4)
    assert.deepEqual([...used], [['77', RSS.bash + RSS.perl]])
    // nor those of another job id that got the same group
    assert.deepEqual([...sampleGroups([{ id: '78', pid: 1078, pidStart: '1' }], PROC, 4)], [['78', 0]])
  })
  it('a group with no process answers nothing; no group asked reads nothing', () => {
    assert.deepEqual([...sampleGroups([{ id: '9', pid: 999999, pidStart: '1' }], PROC, 4)], [])
    assert.deepEqual([...sampleGroups([], '/nonexistent')], [])
  })
})

describe('nextSampleAt', () => {
  it('keeps the walk to a twentieth of the time: a cheap one every tick (500 ms), a 50 ms one once a second', () => {
    assert.ok(nextSampleAt(0, 2) <= 500)
    assert.equal(nextSampleAt(10_000, 50), 11_000)
  })
})
