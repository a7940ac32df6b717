import assert from 'node:assert/strict'
import { readFileSync, writeFileSync, readdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { describe, it } from 'node:test'
import { deleteProfile, loadConfig, resolveOptions, setProfile } from '../../../src/core/config.js'
import { UsageError } from '../../../src/core/errors.js'
import { testEnv } from '../../helpers.js'

describe('config and profiles', () => {
  it('reads python-cluster style [prof_NAME] sections and [queue] max_jobs', () => {
    const t = testEnv()
    writeFileSync(t.config, '[prof_default]\nnodes = 1\ncores = 16\ntime = 24:00:00\nmem = 32000\n\n[prof_large]\ncores = 32\nimports = sys\n\n[queue]\nmax_jobs = 250\n')
    const c = loadConfig(t.config)
    assert.deepEqual(Object.keys(c.profiles).sort(), ['default', 'large'])
    assert.equal(c.settings.maxQueueLen, 250)
    assert.deepEqual(resolveOptions(c, {}, 'large'), { cores: 32, nodes: 1, filedir: '.', suffix: 'cluster', time: 86400, mem: 32000 })
  })
  it('precedence: built-in < default profile < named profile < flags', () => {
    const t = testEnv()
    writeFileSync(t.config, '[prof_default]\ncores = 2\nmem = 1G\npartition = a\n[prof_big]\ncores = 8\npartition = b\n')
    const c = loadConfig(t.config)
    const r = resolveOptions(c, { partition: 'c' }, 'big')
    assert.equal(r.cores, 8)
    assert.equal(r.mem, 1024)
    assert.equal(r.partition, 'c')
    assert.equal(r.suffix, 'cluster')
  })
  it('a default profile always exists, even with no file', () => {
    const t = testEnv()
    assert.deepEqual(loadConfig(t.config).profiles, { default: {} })
  })
  it('an unknown profile lists the known ones', () => {
    const t = testEnv()
    writeFileSync(t.config, '[prof_small]\ncores = 1\n')
    assert.throws(() => resolveOptions(loadConfig(t.config), {}, 'smal'), (e: unknown) =>
      e instanceof UsageError && e.exitCode === 2 && /default, small/.test(e.hint ?? ''))
  })
  it('a bad value in a profile names the profile', () => {
    const t = testEnv()
    writeFileSync(t.config, '[prof_x]\nmem = lots\n')
    assert.throws(() => resolveOptions(loadConfig(t.config), {}, 'x'), /profile 'x'/)
  })
  it('set validates, writes atomically and keeps sections it does not know', () => {
    const t = testEnv()
    writeFileSync(t.config, '[queue]\nmax_jobs = 5\n[other]\nkeep = me\n')
    const c = loadConfig(t.config)
    assert.throws(() => setProfile(c, 'p', { mem: 'lots' }), /--mem/)
    assert.equal(readFileSync(t.config, 'utf8'), '[queue]\nmax_jobs = 5\n[other]\nkeep = me\n')
    setProfile(c, 'p', { cpus: '4', memory: '8G' })
    const again = loadConfig(t.config)
    assert.deepEqual(again.profiles.p, { cores: '4', mem: '8G' })
    assert.equal(again.settings.maxQueueLen, 5)
    assert.match(readFileSync(t.config, 'utf8'), /\[other\]\nkeep = me\n/)
    assert.deepEqual(readdirSync(dirname(t.config)).filter((f) => f.endsWith('.tmp')), [])
    deleteProfile(again, 'p')
    assert.equal(loadConfig(t.config).profiles.p, undefined)
  })
})

describe('config mistakes name the file and the line', () => {
  it('a typo of an option in a profile is refused with the file, the line and the option meant', () => {
    const t = testEnv()
    writeFileSync(t.config, '[prof_default]\ncores = 2\n\n[prof_big]\n; more cores\ncoress = 4\nimports = sys\n')
    const c = loadConfig(t.config)
    assert.throws(() => resolveOptions(c, {}, 'big'), (e: unknown) =>
      e instanceof UsageError && e.exitCode === 2 && e.message.includes(`${t.config}:6: unknown option 'coress' in [prof_big]`)
      && /did you mean 'cores'/.test(e.hint ?? ''))
    // a profile the job does not use does not stop it; python-cluster's own keys (imports) are never a typo
    assert.equal(resolveOptions(c, {}).cores, 2)
  })
  it('python-cluster keys pcluster has no use for, and unknown keys near no option, stay ignored', () => {
    const t = testEnv()
    writeFileSync(t.config, '[prof_default]\nimports = sys\nsomething_else = 1\ncores = 3\n')
    assert.equal(resolveOptions(loadConfig(t.config), {}).cores, 3)
  })
  it('a line outside any section is refused, naming the file and the line', () => {
    const t = testEnv()
    writeFileSync(t.config, '# my config\n\ncores = 4\n[prof_default]\nmem = 1G\n')
    assert.throws(() => resolveOptions(loadConfig(t.config), {}), (e: unknown) =>
      e instanceof UsageError && e.message.includes(`${t.config}:3: 'cores = 4' is outside any [section]`) && /\[prof_default\]/.test(e.hint ?? ''))
  })
  it('a bad value names the profile, the file and the line', () => {
    const t = testEnv()
    writeFileSync(t.config, '[prof_default]\ncores = 1\n[prof_big]\ncores = 2\nmemory = lots\n')
    assert.throws(() => resolveOptions(loadConfig(t.config), {}, 'big'), (e: unknown) =>
      e instanceof UsageError && e.message.includes(`--mem (in profile 'big', ${t.config}:5)`))
  })
  it("python-cluster's list values are read as lists", () => {
    const t = testEnv()
    writeFileSync(t.config, `[prof_default]\nmodules = ['gcc', 'samtools']\nfeatures = ["avx2", "ib"]\n[prof_none]\nmodules = []\n`)
    const c = loadConfig(t.config)
    const r = resolveOptions(c, {})
    assert.deepEqual(r.modules, ['gcc', 'samtools'])
    assert.deepEqual(r.features, ['avx2', 'ib'])
    assert.deepEqual(resolveOptions(c, {}, 'none').modules, r.modules) // [] sets nothing: the default's stand
  })
})
