// Function jobs on the real local queue, how they fail: what the function threw reaches the caller whole (an Error
// subclass's fields, a thrown object's, a pcluster error's hint), a job that ends without a result says how (its
// exit code, a promise that never settled), and a module edited between submit and start does not run.
import assert from 'node:assert/strict'
import { appendFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { pathToFileURL } from 'node:url'
import { ROOT } from '../../helpers.js'
import { inEnv, localEnv } from './env.js'

const FAILING = `
export function throwsOwn() {
  class QuotaError extends Error { constructor(m) { super(m); this.code = 'E_QUOTA'; this.details = { used: 12, limit: 10 } } }
  throw new QuotaError('over quota')
}
export function throwsObject() { throw { code: 7, reason: 'plain' } }
export function exits() { process.exit(3) }
export function neverSettles() { return new Promise(() => {}) }
`

describe('local queue: what a function job threw, or how it ended', () => {
  const t = localEnv(4)
  const path = join(t.dir, 'failing.mjs')
  writeFileSync(path, FAILING)
  const o = { qtype: 'local', cwd: t.dir, filedir: t.dir }

  it("an Error subclass's own fields, and a thrown object's, reach the caller", async () => {
    await inEnv(t, async () => {
      const { submit, RemoteError } = await import('pcluster')
      const m = await import(pathToFileURL(path).href)
      const [own, object] = await Promise.all([submit(m.throwsOwn, [], o), submit(m.throwsObject, [], o)])
      await assert.rejects(own.get(), (e: unknown) => {
        assert.ok(e instanceof RemoteError)
        assert.equal(e.remote.code, 'E_QUOTA')
        assert.deepEqual(e.remote.details, { used: 12, limit: 10 })
        assert.equal(e.message, `job ${own.id} (throwsOwn): Error: over quota`)
        assert.equal(e.exitCode, 1)
        return true
      })
      await assert.rejects(object.get(), (e: unknown) => {
        assert.ok(e instanceof RemoteError)
        assert.equal(e.remote.code, 7)
        assert.deepEqual(e.remote.value, { code: 7, reason: 'plain' })
        assert.equal(e.message, `job ${object.id} (throwsObject): thrown Object: { code: 7, reason: 'plain' }`)
        return true
      })
    })
  })

  it("process.exit(3) in the function: said, and e.exitCode is the job's 3 (not the CLI's 1)", async () => {
    await inEnv(t, async () => {
      const { submit, RemoteError, PclusterError } = await import('pcluster')
      const m = await import(pathToFileURL(path).href)
      const exits = await submit(m.exits, [], o)
      await assert.rejects(exits.get(), (e: unknown) => {
        assert.ok(e instanceof PclusterError && !(e instanceof RemoteError))
        assert.equal(e.exitCode, 3)
        assert.equal(e.code, 'NO_RESULT')
        assert.equal(e.message, `function job ${exits.id} (exits) ended without a result: process.exit(3) was called while the function ran`)
        return true
      })
      assert.equal(exits.exitCode, 3)
    })
  })

  it('a promise that never settles (the event loop dropped it): said so, exit code 13', async () => {
    await inEnv(t, async () => {
      const { submit, PclusterError } = await import('pcluster')
      const m = await import(pathToFileURL(path).href)
      const never = await submit(m.neverSettles, [], o)
      await assert.rejects(never.get(), (e: unknown) => {
        assert.ok(e instanceof PclusterError)
        assert.match(e.message, /^function job \d+ \(neverSettles\) ended without a result: the promise it returned never settled \(Node exited 13/)
        assert.equal(e.exitCode, 13)
        return true
      })
    })
  })
})

describe('local queue: function jobs, the hint and the module', () => {
  it("the hint of pcluster's own error raised on the node arrives (a top-level submit in the function's module)", async () => {
    const t = localEnv(2)
    await inEnv(t, async () => {
      const { submit, RemoteError } = await import('pcluster')
      const path = join(t.dir, 'unguarded.mjs')
      writeFileSync(path, `import { submit } from ${JSON.stringify(pathToFileURL(join(ROOT, 'dist', 'src', 'index.js')).href)}\n` +
        'export function twice(x) { return 2 * x }\n' +
        'if (process.env.UNGUARDED_SUBMIT) await submit(twice, [1])\n')
      const { twice } = await import(pathToFileURL(path).href)
      process.env.UNGUARDED_SUBMIT = '1' // the job inherits it, so the module submits as the node imports it
      const job = await submit(twice, [2], { qtype: 'local', cwd: t.dir, filedir: t.dir })
      delete process.env.UNGUARDED_SUBMIT
      await assert.rejects(job.get(), (e: unknown) => e instanceof RemoteError && e.remote.code === 'SUBMIT_IN_FUNCTION_JOB' &&
        /^guard the top-level code of the module/.test(e.hint ?? ''))
    })
  })

  it('a module edited between submit and start does not run: the job fails saying so, and how to resubmit', async () => {
    const t = localEnv(2)
    await inEnv(t, async () => {
      const { submit, RemoteError } = await import('pcluster')
      const path = join(t.dir, 'edited.mjs')
      writeFileSync(path, "export function version() { return 'as submitted' }\n")
      const { version } = await import(pathToFileURL(path).href)
      const hold = join(t.dir, 'hold')
      const holder = await submit(`while [ ! -e ${hold} ]; do sleep 0.1; done`, { qtype: 'local', cwd: t.dir, name: 'holder' })
      const job = await submit(version, [], { qtype: 'local', cwd: t.dir, filedir: t.dir, depends: holder })
      const untouched = await submit(version, [], { qtype: 'local', cwd: t.dir, filedir: t.dir, name: 'untouched' })
      assert.equal((await untouched.get()).result, 'as submitted') // an unchanged module runs
      writeFileSync(path, "export function version() { return 'edited after submit' }\n")
      appendFileSync(path, '// and more\n')
      writeFileSync(hold, '')
      await assert.rejects(job.get(), (e: unknown) => e instanceof RemoteError && e.remote.code === 'MODULE_CHANGED' &&
        e.message === `job ${job.id} (version): Error: ${path} changed since the job was submitted: the job would run code that was not submitted, so it did not run` &&
        e.hint === 'submit the job again to run the module as it is now')
    })
  })
})
