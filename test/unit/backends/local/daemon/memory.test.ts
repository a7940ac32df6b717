// The memory the local queue samples: /proc parsed as recorded from a real job's process group (bash leading a
// perl that holds ~105 MB and a sleep that dropped PCLUSTER_JOB_ID), and the stop and end it leads to.
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { parseStat, parseVmRss, sampleGroups } from '../../../../../src/backends/local/daemon/memory.js'
import { FIXTURES } from '../../../../helpers.js'

const PROC = join(FIXTURES, 'local', 'proc') // 1078 bash (leader, started 818164), 1079 perl, 1080 sleep; 4127 a stranger

describe('parseStat, parseVmRss', () => {
  it('reads the group and start time after the name, whatever the name holds', () => {
    const fields = 'S 1 4242 4242 0 -1 4194304 0 0 0 0 0 0 0 0 20 0 1 0 555 100 10 0'
    assert.deepEqual(parseStat(`99 (a) b (c) ${fields}`), { pgrp: 4242, start: '555' })
    assert.equal(parseStat('garbage'), undefined)
  })
  it('reads VmRSS in kB; a process with none (a zombie) has 0', () => {
    assert.equal(parseVmRss('Name:\tperl\nVmHWM:\t  107100 kB\nVmRSS:\t  107096 kB\nRssAnon:\t 105000 kB\n'), 107096)
    assert.equal(parseVmRss('Name:\tdefunct\nState:\tZ (zombie)\n'), 0)
  })
})

describe('sampleGroups on a recorded /proc', () => {
  it('sums every process of the group while its leader runs (pid and start time match)', () => {
    const used = sampleGroups([{ id: '77', pid: 1078, pidStart: '818164' }], PROC)
    assert.deepEqual([...used], [['77', 2980 + 107096 + 1504]])
  })
  it('with its leader gone (the start time differs), only the processes that carry the job id count', () => {
    const used = sampleGroups([{ id: '77', pid: 1078, pidStart: '1' }], PROC)
    assert.deepEqual([...used], [['77', 2980 + 107096]])
    // nor those of another job id that got the same group
    assert.deepEqual([...sampleGroups([{ id: '78', pid: 1078, pidStart: '1' }], PROC)], [['78', 0]])
  })
  it('a group with no process answers nothing; no group asked reads nothing', () => {
    assert.deepEqual([...sampleGroups([{ id: '9', pid: 999999, pidStart: '1' }], PROC)], [])
    assert.deepEqual([...sampleGroups([], '/nonexistent')], [])
  })
})
