// Function jobs at submit: the function is identified by its export, never by a line it shares with another; what
// cannot be identified is refused before anything is written; arguments must be an array; class instances in them
// are said to arrive as plain objects, through the library's log.
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { pathToFileURL } from 'node:url'
import { makeJob, UsageError, useLog } from 'pcluster'
import { classInstances, confirmFunction, exportedFunctions, locateFunction } from '../../../src/core/functionjob.js'
import { testEnv, type TestEnv } from '../../helpers.js'

/** Writes `source` as an ES module in t.dir and imports it. */
async function moduleOf(t: TestEnv, name: string, source: string): Promise<Record<string, any>> {
  const path = join(t.dir, name)
  writeFileSync(path, source)
  return import(pathToFileURL(path).href)
}

/** Makes the job and checks it as submit does first (ready: nothing written); resolves to what would be shipped. */
async function shipped(t: TestEnv, fn: Function): Promise<string | undefined> {
  const job = makeJob(fn as () => unknown, [], { qtype: 'local', cwd: t.dir, filedir: t.dir })
  await job.ready()
  return job.function?.export
}

const refused = (e: unknown) => e instanceof UsageError && e.code === 'NOT_SHIPPABLE' && /export function name/.test(e.hint ?? '')

describe('function jobs: the very function, or a refusal', () => {
  it('a function hung on an exported one, on the same line, is refused (not the export it shares a line with)', async () => {
    const t = testEnv()
    process.env.PCLUSTER_CONFIG = t.config
    const m = await moduleOf(t, 'hung.mjs', "export function outer() { return 'outer' }; outer.helper = function () { return 'helper' }\n")
    await assert.rejects(shipped(t, m.outer.helper), refused)
    assert.equal(await shipped(t, m.outer), 'outer')
  })

  it('a closure made by a one-line factory is refused (not the factory)', async () => {
    const t = testEnv()
    process.env.PCLUSTER_CONFIG = t.config
    const m = await moduleOf(t, 'factory.mjs', 'export function make(k) { return (x) => x * k }\n')
    await assert.rejects(shipped(t, m.make(3)), refused)
    assert.equal(await shipped(t, m.make), 'make')
  })

  it('a method of an exported object is refused (not the object)', async () => {
    const t = testEnv()
    process.env.PCLUSTER_CONFIG = t.config
    const m = await moduleOf(t, 'object.mjs', "export const api = { m() { return 'api' } }\nexport const plain = (x) => x\n")
    await assert.rejects(shipped(t, m.api.m), refused)
    assert.equal(await shipped(t, m.plain), 'plain')
  })

  it("V8's own place of every form of export matches the one read off the source", async () => {
    const t = testEnv()
    const source = ['export function a() {}', 'export async function* b() {}', 'const c = (x) => x', 'function d() {}', 'export { c, d as dee }',
      'export const e = async () => 1', 'export default function () {}', 'export const f = function named() {}', 'export let g = y => y', ''].join('\n')
    const m = await moduleOf(t, 'forms.mjs', source)
    for (const name of exportedFunctions(source).keys()) assert.equal(locateFunction(m[name]).export, name === 'dee' ? 'dee' : name, name)
  })

  it("an export of the function's name that is another function is refused before anything is written", async () => {
    const t = testEnv()
    const m = await moduleOf(t, 'other.mjs', 'export function run() { return 1 }\nexport const api = { run() { return 2 } }\n')
    const module = pathToFileURL(join(t.dir, 'other.mjs')).href
    await confirmFunction(m.run, { module, export: 'run' })
    await assert.rejects(confirmFunction(m.api.run, { module, export: 'run' }), (e: unknown) => refused(e) && /'run' .* is another function/.test((e as Error).message + (e as UsageError).hint))
  })
})

describe('function jobs: arguments', () => {
  it('arguments that are not an array are refused, not dropped; a plain object of options still reads as options', async () => {
    const t = testEnv()
    process.env.PCLUSTER_CONFIG = t.config
    const m = await moduleOf(t, 'sq.mjs', 'export function square(x) { return x * x }\n')
    const bad = (e: unknown) => e instanceof UsageError && e.code === 'BAD_ARGUMENTS' && e.exitCode === 2
    for (const args of [5, 'x', new Map([[1, 2]]), true]) {
      assert.throws(() => makeJob(m.square, args as never, { qtype: 'local', cwd: t.dir }), bad, String(args))
      assert.throws(() => makeJob(m.square, args as never), bad, String(args))
    }
    assert.throws(() => makeJob(m.square, { x: 1 } as never), (e: unknown) => bad(e) && /'x' is no option/.test((e as Error).message))
    assert.throws(() => makeJob(m.square, { cores: 2 } as never, { qtype: 'local' }), (e: unknown) => bad(e) && /options come after them/.test((e as Error).message))
    assert.throws(() => makeJob('echo', 5 as never), (e: unknown) => bad(e) && /words added to a command must be an array, not 5/.test((e as Error).message))
    assert.equal(makeJob(m.square, { qtype: 'local', cwd: t.dir, cores: 2 }).options.cores, 2)
    assert.equal(makeJob(m.square, null as never, { qtype: 'local', cwd: t.dir }).function?.export, 'square')
  })

  it('a class instance in the arguments is warned about through the library log (never process.emitWarning)', async () => {
    const t = testEnv()
    process.env.PCLUSTER_CONFIG = t.config
    const m = await moduleOf(t, 'sq2.mjs', 'export function keys(x) { return Object.keys(x) }\n')
    class Point { x = 1 }
    const lines: string[] = []
    const emitted: unknown[] = []
    const emit = process.emitWarning
    process.emitWarning = ((w: unknown) => { emitted.push(w) }) as typeof process.emitWarning
    useLog((level, line) => lines.push(`${level} ${line}`))
    try {
      makeJob(m.keys, [{ at: new Point() }], { qtype: 'local', cwd: t.dir })
      makeJob(m.keys, [{ when: new Date(), re: /x/, m: new Map([[1, new Set([2])]]), b: new Uint8Array(2), e: new TypeError('t'), n: Object.create(null) }],
        { qtype: 'local', cwd: t.dir })
    } finally {
      process.emitWarning = emit
      useLog((_, line) => process.stderr.write(`${line}\n`))
    }
    assert.deepEqual(emitted, [])
    assert.equal(lines.length, 1, lines.join('\n'))
    assert.match(lines[0]!, /^warn pcluster: keys: args\[0\]\.at \(Point\) arrives on the node as a plain object/)
  })

  it('finds class instances a few levels down, in arrays, Maps and Sets, once per class', () => {
    class A {}
    class B extends Map {}
    assert.deepEqual(classInstances([1, [{ a: new A() }], new Map([['k', new A()]]), new Set([new B()])]),
      ['args[1][0].a (A)', 'args[3] item 0 (B)'])
    assert.deepEqual(classInstances([{ a: { b: { c: { d: { e: new A() } } } } }]), []) // deeper than looked
    assert.deepEqual(classInstances([new Date(), new Float64Array(1), new RangeError('x'), [null, undefined, 1n]]), [])
  })
})
