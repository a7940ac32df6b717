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
    assert.match(readFileSync(t.config, 'utf8'), /\[other\]\nkeep=me/)
    assert.deepEqual(readdirSync(dirname(t.config)).filter((f) => f.endsWith('.tmp')), [])
    deleteProfile(again, 'p')
    assert.equal(loadConfig(t.config).profiles.p, undefined)
  })
})
