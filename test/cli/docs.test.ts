// The completions and the man page must keep up with the option registry and the subcommands.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { OPTIONS } from '../../src/core/options.js'
import { ROOT } from '../helpers.js'

const read = (...p: string[]) => readFileSync(join(ROOT, ...p), 'utf8')
const SUBCOMMANDS = ['submit', 'submit-file', 'queue', 'wait', 'clean', 'profile', 'local', 'cancel', 'options']

describe('completions and man page', () => {
  for (const file of [['completions', 'pcluster.bash'], ['completions', 'pcluster.fish'], ['man', 'pcluster.1']]) {
    it(`${file.join('/')} names every subcommand and job option`, () => {
      const text = read(...file).replace(/\\-/g, '-')
      for (const sub of SUBCOMMANDS) assert.ok(text.includes(sub), sub)
      for (const spec of OPTIONS) assert.ok(text.includes(spec.name), spec.name)
    })
  }
  it('bash completion has every synonym too', () => {
    const text = read('completions', 'pcluster.bash')
    for (const spec of OPTIONS) for (const s of spec.synonyms) assert.ok(text.includes(`--${s}`), s)
  })
})
