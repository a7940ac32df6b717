// Dependency kinds: what the user types becomes canonical tokens (ids checked by the backend's grammar), and
// which parent states satisfy or break each kind.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { dependencyIds, groupDependencies, neverSatisfied, readDependencies, satisfiedBy } from '../../../src/core/dependencies.js'
import { UsageError } from '../../../src/core/errors.js'

const digits = (id: string) => (/^\d+$/.test(id) ? id : undefined)
const bad = (id: string) => new UsageError('BAD_VALUE', `bad id ${id}`)

describe('dependencies', () => {
  it('reads ids, KIND:ID, KIND:ID:ID and singleton into canonical tokens', () => {
    assert.deepEqual(readDependencies(['12', 'afterok:13', 'afterany:14:15', 'afternotok:16', 'singleton', '12'], digits, bad),
      ['12', '13', 'afterany:14', 'afterany:15', 'afternotok:16', 'singleton'])
    assert.deepEqual(dependencyIds(['12', 'afterany:14', 'singleton', 'afternotok:12']), ['12', '14'])
    assert.deepEqual(groupDependencies(['12', 'afterany:14', '13', 'singleton']),
      { groups: [['afterok', ['12', '13']], ['afterany', ['14']]], singleton: true })
  })

  it('refuses an unknown kind, naming the known ones, and a bad id under any kind', () => {
    assert.throws(() => readDependencies(['after:12'], digits, bad), /unknown dependency kind 'after'[\s\S]*/)
    assert.throws(() => readDependencies(['aftercorr:12'], digits, bad), (e: UsageError) => /afternotok:ID/.test(e.hint ?? ''))
    assert.throws(() => readDependencies(['afterany:12:x'], digits, bad), /bad id x/)
  })

  it('afterok needs a success, afternotok anything else, afterany any end', () => {
    assert.deepEqual(['completed', 'failed', 'cancelled', 'running'].map((s) => satisfiedBy('afterok', s as never)), [true, false, false, false])
    assert.deepEqual(['completed', 'failed', 'cancelled', 'running'].map((s) => satisfiedBy('afternotok', s as never)), [false, true, true, false])
    assert.deepEqual(['completed', 'failed', 'timeout', 'running'].map((s) => satisfiedBy('afterany', s as never)), [true, true, true, false])
    assert.deepEqual(['completed', 'failed', 'running'].map((s) => neverSatisfied('afterok', s as never)), [false, true, false])
    assert.deepEqual(['completed', 'failed', 'running'].map((s) => neverSatisfied('afternotok', s as never)), [true, false, false])
    assert.deepEqual(['completed', 'failed', 'dependency_never_satisfied'].map((s) => neverSatisfied('afterany', s as never)), [false, false, false])
  })
})
