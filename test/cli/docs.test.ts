// The completions and the man page must keep up with the option registry and the subcommands.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { OPTIONS } from '../../src/core/options.js'
import { ROOT } from '../helpers.js'

const SUBCOMMANDS = ['submit', 'submit-file', 'queue', 'wait', 'output', 'clean', 'profile', 'config', 'local', 'cancel', 'release', 'options', 'completion']

const words = (s: string | undefined) => new Set((s ?? '').split(/\s+/).filter(Boolean))
const captures = (text: string, re: RegExp) => new Set([...text.matchAll(re)].map((m) => m[1]!))
const longFlags = (text: string) => captures(text, /(?<![\w-])--([a-z][a-z-]*)(?![\w-])/g)

/** The generated scripts' table of commands: the function that sets each command's subcommands and flags. */
const commandTable = (t: string, start: string) => t.slice(t.indexOf(start), t.indexOf('\n}\n', t.indexOf(start)))

// Each file read where it lists its subcommands and job options, as whole words: a substring search
// found `dir` in `filedir`, `name` in `NAME` and `--depend` in `--depends`, so a missing one went unseen.
const DOCS: { file: string[]; subcommands: (t: string) => Set<string>; options: (t: string) => Set<string> }[] = [
  {
    file: ['completions', 'pcluster.bash'],
    subcommands: (t) => words(/^\s*''\) subs='([^']*)'/m.exec(t)?.[1]),
    options: (t) => longFlags(commandTable(t, '_pcluster_command() {')),
  },
  {
    file: ['completions', '_pcluster'],
    subcommands: (t) => captures(/^\s*''\) subs=\(([^)]*)\)/m.exec(t)?.[1] ?? '', /'([a-z-]+):/g),
    options: (t) => longFlags(commandTable(t, '_pcluster_command() {')),
  },
  {
    file: ['completions', 'pcluster.fish'],
    subcommands: (t) => captures(/^\s*set -g __pcluster_subs (.*)$/m.exec(t)?.[1] ?? '', /'([a-z-]+)'\\t/g),
    options: (t) => longFlags(commandTable(t, 'function __pcluster_command')),
  },
  {
    file: ['man', 'pcluster.1'],
    subcommands: (t) => captures(t, /^\.B pcluster ([a-z-]+)$/gm),
    // the option entries: the `.B`/`.BR` line under each `.TP`
    options: (t) => longFlags([...t.matchAll(/^\.TP\n(\.BR? .*)$/gm)].map((m) => m[1]).join('\n')),
  },
]

describe('completions and man page', () => {
  for (const doc of DOCS) {
    const text = () => readFileSync(join(ROOT, ...doc.file), 'utf8').replace(/\\-/g, '-')
    it(`${doc.file.join('/')} names every subcommand and job option`, () => {
      const subcommands = doc.subcommands(text())
      const options = doc.options(text())
      for (const sub of SUBCOMMANDS) assert.ok(subcommands.has(sub), `subcommand ${sub} missing from ${[...subcommands].join(' ')}`)
      for (const spec of OPTIONS) assert.ok(options.has(spec.name), `option ${spec.name} missing from ${[...options].join(' ')}`)
    })
  }
  it('the completions and the man page have every synonym too', () => {
    for (const doc of DOCS) {
      const options = doc.options(readFileSync(join(ROOT, ...doc.file), 'utf8').replace(/\\-/g, '-'))
      for (const spec of OPTIONS) for (const s of spec.synonyms) assert.ok(options.has(s), `${doc.file.join('/')}: --${s}`)
    }
  })
})
