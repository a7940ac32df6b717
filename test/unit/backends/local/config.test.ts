// The local queue reads its own [local] section (the core does not know it), errors naming file and section.
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { localSettings } from '../../../../src/backends/local/config.js'
import { loadConfig } from '../../../../src/core/config.js'
import { testEnv } from '../../../helpers.js'

describe('[local]', () => {
  it('cores, mem and idle; python-cluster\'s threads in the default profile as the fallback', () => {
    const t = testEnv()
    writeFileSync(t.config, '[local]\ncores = 3\nmem = 2G\nidle = 7\n')
    assert.deepEqual(localSettings(loadConfig(t.config)), { cores: 3, mem: 2048, idleSeconds: 7, strict: false, keepDays: 14 })
    writeFileSync(t.config, '[prof_default]\nthreads = 5\n')
    assert.deepEqual(localSettings(loadConfig(t.config)), { cores: 5, idleSeconds: 60, strict: false, keepDays: 14 })
  })
  it('keep_days: how long ended jobs stay in the store (0: forever)', () => {
    const t = testEnv()
    writeFileSync(t.config, '[local]\nkeep_days = 3\n')
    assert.equal(localSettings(loadConfig(t.config)).keepDays, 3)
    writeFileSync(t.config, '[local]\nkeep_days = a week\n')
    assert.throws(() => localSettings(loadConfig(t.config)), /\[local\] keep_days must be a whole number/)
  })
  it('strict: refuse, rather than trim, a job larger than the queue', () => {
    const t = testEnv()
    for (const [text, want] of [['true', true], ['yes', true], ['false', false]] as const) {
      writeFileSync(t.config, `[local]\nstrict = ${text}\n`)
      assert.equal(localSettings(loadConfig(t.config)).strict, want, text)
    }
    writeFileSync(t.config, '[local]\nstrict = maybe\n')
    assert.throws(() => localSettings(loadConfig(t.config)), /\[local\] strict must be true or false, not "maybe"/)
  })
  it('a bad value names the file, the section and the key; other commands load the config all the same', () => {
    const t = testEnv()
    writeFileSync(t.config, '[local]\nmem = lots\n[queue]\nmax_queue_len = 9\n')
    const config = loadConfig(t.config)
    assert.equal(config.settings.maxQueueLen, 9)
    assert.throws(() => localSettings(config), new RegExp(`${t.config}: \\[local\\] mem must be a size such as 16G, not "lots"`))
    writeFileSync(t.config, '[queue]\npoll_max = soon\n')
    assert.throws(() => loadConfig(t.config), /\[queue\] poll_max must be a whole number/)
  })
})
