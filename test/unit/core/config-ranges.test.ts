// Durations in the config file are range-checked as they are read: poll_max = 99999999999 made every wait's
// timer fire at once (Node caps a timer at 2^31-1 ms), keep_days = 99999999999 made `queue` an internal error.
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { localSettings } from '../../../src/backends/local/config.js'
import { loadConfig } from '../../../src/core/config.js'
import { FileError } from '../../../src/core/errors.js'
import { testEnv } from '../../helpers.js'

describe('config durations', () => {
  const refused = (text: string, read: (path: string) => unknown, what: RegExp) => {
    const t = testEnv()
    writeFileSync(t.config, text)
    assert.throws(() => read(t.config), (e: unknown) => e instanceof FileError && e.exitCode === 2 && what.test(e.message), text)
  }
  it('takes them in range', () => {
    const t = testEnv()
    writeFileSync(t.config, '[queue]\npoll_max = 86400\n[jobs]\nkeep_days = 36500\n[local]\nidle = 600\n')
    const c = loadConfig(t.config)
    assert.deepEqual([c.settings.pollMax, c.settings.keepDays, localSettings(c).idleSeconds], [86400, 36500, 600])
  })
  it('refuses what no timer or date can hold, naming the range', () => {
    refused('[queue]\npoll_max = 99999999999\n', loadConfig, /\[queue\] poll_max must be a whole number of seconds from 0 to 86400/)
    refused('[jobs]\nkeep_days = 99999999999\n', loadConfig, /\[jobs\] keep_days must be a whole number of days from 0 to 36500/)
    refused('[queue]\nmax_queue_len = 1e400\n', loadConfig, /max_queue_len must be a whole number/)
    refused('[local]\nidle = 99999999999\n', (p) => localSettings(loadConfig(p)), /\[local\] idle must be a whole number of seconds from 0 to 86400/)
    refused('[local]\nkeep_days = 99999999999\n', (p) => localSettings(loadConfig(p)), /\[local\] keep_days must be a whole number of days/)
  })
})
