// The launcher (bin/pcluster.cjs) and the code cache the build writes beside the bundle: the cache is used
// when it fits, a cache V8 rejects is never fatal and is written anew, and one that cannot be written is fine.
// Run on a copy of the launcher and the bundle, so that the project's own cache is never touched.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { ROOT, testEnv } from '../helpers.js'

const bundle = join(ROOT, 'dist', 'bundle')
const cacheOf = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.v8cache'))

/** A copy of bin/pcluster.cjs and dist/bundle/main.cjs, without a cache (the copy has its own mtime, so its own cache name). */
function copyLauncher(): { root: string; bundleDir: string; run: (...args: string[]) => string } {
  const t = testEnv()
  const root = join(t.dir, 'app')
  mkdirSync(join(root, 'bin'), { recursive: true })
  mkdirSync(join(root, 'dist', 'bundle'), { recursive: true })
  copyFileSync(join(ROOT, 'bin', 'pcluster.cjs'), join(root, 'bin', 'pcluster.cjs'))
  copyFileSync(join(ROOT, 'package.json'), join(root, 'package.json'))
  const bundleDir = join(root, 'dist', 'bundle')
  copyFileSync(join(bundle, 'main.cjs'), join(bundleDir, 'main.cjs'))
  const run = (...args: string[]) =>
    execFileSync(process.execPath, [join(root, 'bin', 'pcluster.cjs'), ...args], { cwd: t.dir, env: t.env, encoding: 'utf8' })
  return { root, bundleDir, run }
}

describe('the launcher and its code cache', () => {
  it('the build wrote a code cache named after the bundle it belongs to', () => {
    const st = statSync(join(bundle, 'main.cjs'))
    assert.deepEqual(cacheOf(bundle), [`main.cjs.${st.size}-${Math.trunc(st.mtimeMs)}.v8cache`])
  })

  it('without a cache the command works and leaves one; the next run uses it and leaves it as it was', () => {
    const app = copyLauncher()
    assert.deepEqual(cacheOf(app.bundleDir), [])
    assert.match(app.run('submit', '--qtype', 'local', '--dry-run', 'true'), /# submitted to the local queue/)
    const [cache] = cacheOf(app.bundleDir)
    assert.ok(cache, 'a cache was written')
    const path = join(app.bundleDir, cache)
    const before = readFileSync(path)
    const mtime = statSync(path).mtimeMs
    assert.match(app.run('options'), /cores/)
    assert.equal(statSync(path).mtimeMs, mtime, 'a cache that fits is not written again')
    assert.deepEqual(readFileSync(path), before)
  })

  it('a cache V8 rejects (here: garbage) changes nothing for the user and is replaced', () => {
    const app = copyLauncher()
    const st = statSync(join(app.bundleDir, 'main.cjs'))
    const path = join(app.bundleDir, `main.cjs.${st.size}-${Math.trunc(st.mtimeMs)}.v8cache`)
    writeFileSync(path, Buffer.alloc(4096, 7))
    assert.match(app.run('submit', '--qtype', 'local', '--dry-run', 'true'), /# submitted to the local queue/)
    assert.notDeepEqual(readFileSync(path), Buffer.alloc(4096, 7), 'rewritten')
  })

  it('a cache it cannot write is no error (here a folder stands in its place, which even root cannot replace)', () => {
    const app = copyLauncher()
    const st = statSync(join(app.bundleDir, 'main.cjs'))
    mkdirSync(join(app.bundleDir, `main.cjs.${st.size}-${Math.trunc(st.mtimeMs)}.v8cache`))
    assert.match(app.run('submit', '--qtype', 'local', '--dry-run', 'true'), /# submitted to the local queue/)
    assert.deepEqual(readdirSync(app.bundleDir).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left')
  })

  it('--version answers from package.json without loading the bundle', () => {
    const app = copyLauncher()
    unlinkSync(join(app.bundleDir, 'main.cjs'))
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version
    assert.equal(app.run('--version'), `${version}\n`)
  })
})
