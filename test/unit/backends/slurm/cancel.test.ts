// Slurm's job-id grammar, and what `scancel -v` says of ids it does not know or that had ended (recorded from
// slurm-wlm 22.05: test/fixtures/slurm/scancel-v-mixed.*).
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { parseScancel } from '../../../../src/backends/slurm/cancel.js'
import { ids } from '../../../../src/backends/slurm/ids.js'
import { FIXTURES } from '../../../helpers.js'

describe('Slurm job ids', () => {
  it('accepts plain, array-task and heterogeneous ids; refuses anything else', () => {
    for (const ok of ['1234', ' 1234 ', '1234_5', '1234+1']) assert.equal(ids.parse(ok), ok.trim())
    for (const bad of ['foo', '12;rm', '1234.server', '123[4]', '', '1234_', '-1', '1.5']) assert.equal(ids.parse(bad), undefined, bad)
  })
})

describe('parseScancel', () => {
  it('tells unknown ids and ended ones from those cancelled', () => {
    const want = Object.fromEntries(readFileSync(join(FIXTURES, 'slurm', 'scancel-v-mixed.ids'), 'utf8').trim().split(' ').map((kv) => kv.split('=')))
    const got = parseScancel(readFileSync(join(FIXTURES, 'slurm', 'scancel-v-mixed.stderr'), 'utf8'))
    assert.deepEqual(got, { unknown: [want.unknown], ended: [want.ended], other: [] })
  })
  it('keeps any other refusal as such', () => {
    const got = parseScancel('scancel: error: Kill job error on job id 7: Access/permission denied\n')
    assert.deepEqual(got.other, ['7: Access/permission denied'])
  })
})
