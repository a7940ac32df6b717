// Output path patterns: %j, %x, %u, %% mean the same on every backend; any other % is refused.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { UsageError } from '../../../src/core/errors.js'
import { coerceOptions } from '../../../src/core/options.js'
import { checkPattern, expandPattern, fillKnown, literalPattern, needsId } from '../../../src/core/outputpatterns.js'

const values = { id: '42', name: 'align', user: 'ann' }

describe('output patterns', () => {
  it('expand %j, %x, %u and %% as sbatch does in --output', () => {
    assert.equal(expandPattern('/w/%x.%j.out', values), '/w/align.42.out')
    assert.equal(expandPattern('/w/%u/100%%_%j', values), '/w/ann/100%_42')
    assert.equal(expandPattern('/w/%%j', values), '/w/%j', '%% is a literal %, even before j')
  })
  it('a script\'s own pattern (submit-file) keeps the letters pcluster cannot know, as sbatch would leave them to itself', () => {
    assert.equal(expandPattern('/w/%A_%a-%j.%x.out', values), '/w/%A_%a-42.align.out')
    assert.equal(expandPattern('/w/%5j-%N-%%-100%', values), '/w/%5j-%N-%-100%')
    assert.deepEqual(fillKnown('%N/%x.%j', values), ['%N/align.', { field: 'j' }])
  })
  it('a literal path survives as a pattern', () => {
    assert.equal(expandPattern(literalPattern('/home/a/100%j/x.out'), values), '/home/a/100%j/x.out')
  })
  it('fills what is known before submission and leaves the id', () => {
    assert.deepEqual(fillKnown('/w/%x.%j.%u', values), ['/w/align.', { field: 'j' }, '.ann'])
    assert.ok(needsId('%j.out') && !needsId('%%j.out') && !needsId('%x.out'))
  })
  it('any other % is refused, naming what works', () => {
    for (const bad of ['%N.out', '%A_%a.out', '%5j.out', 'x%']) {
      assert.throws(() => checkPattern('outfile', bad), (e: unknown) =>
        e instanceof UsageError && /--outfile/.test(e.message) && /%j job id, %x job name, %u user, %% a literal %/.test(e.hint ?? ''), bad)
    }
  })
  it('coercion checks --outfile/--errfile and refuses % in filedir and suffix', () => {
    assert.equal(coerceOptions({ outfile: 'logs/%x.%j.out' }).outfile, 'logs/%x.%j.out')
    assert.throws(() => coerceOptions({ errfile: '%t.err' }), /--errfile/)
    assert.throws(() => coerceOptions({ filedir: 'jobs/%j' }), (e: unknown) =>
      e instanceof UsageError && /--filedir: no % here/.test(e.message) && /--outfile\/--errfile/.test(e.hint ?? ''))
    assert.throws(() => coerceOptions({ suffix: 'c%j' }), /--suffix: no % here/)
  })
})
