import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { UsageError } from '../../../src/core/errors.js'
import { closest, coerceOptions, formatTime, parseMem, parseTime, requireOption } from '../../../src/core/options.js'

describe('parseTime reads walltimes as sbatch 22.05 does', () => {
  // Each pair was checked against sbatch: `sbatch --hold -t VALUE` then `scontrol show job` (TimeLimit).
  const cases: [string, number][] = [
    ['7200', 7200 * 60], // a bare number is minutes (5-00:00:00), not seconds
    ['1-12', 36 * 3600], // days-hours (1-12:00:00), not 24 h 12 s
    ['90:00', 90 * 60], // minutes:seconds
    ['00:30', 30],
    ['12:00:00', 12 * 3600],
    ['25:99:99', 25 * 3600 + 99 * 60 + 99], // fields are not range-checked by sbatch
    ['1-2:3', 86400 + 2 * 3600 + 3 * 60],
    ['1-2:3:4', 86400 + 2 * 3600 + 3 * 60 + 4],
    ['1-25', 86400 + 25 * 3600],
    ['0', 0],
    ['UNLIMITED', 0],
  ]
  for (const [text, secs] of cases) it(`${text} -> ${secs} s`, () => assert.equal(parseTime(text), secs))
  for (const text of ['1:2:3:4', '25:99:99:99', 'abc', '1.5', '-5', '', '1-', ':30'])
    it(`refuses ${JSON.stringify(text)}`, () => assert.equal(parseTime(text), undefined))
  it('formats back as D-HH:MM:SS', () => {
    assert.equal(formatTime(36 * 3600), '1-12:00:00')
    assert.equal(formatTime(3725), '01:02:05')
  })
})

describe('parseMem reads sizes in MB', () => {
  const cases: [string, number][] = [['4000', 4000], ['4G', 4096], ['4GB', 4096], ['500MB', 500], ['1.5G', 1536],
    ['2048K', 2], ['1t', 1048576], ['100m', 100], ['1k', 1]]
  for (const [text, mb] of cases) it(`${text} -> ${mb} MB`, () => assert.equal(parseMem(text), mb))
  for (const text of ['lots', '', '0', '4 X', '-1G', 'G'])
    it(`refuses ${JSON.stringify(text)}`, () => assert.equal(parseMem(text), undefined))
})

describe('coerceOptions', () => {
  it('folds synonyms into canonical names and coerces types', () => {
    assert.deepEqual(coerceOptions({ cpus: '4', memory: '8G', queue: 'short', dependency: ['1,2', '3'], walltime: '90' }), {
      cores: 4, mem: 8192, partition: 'short', depends: ['1', '2', '3'], time: 5400,
    })
  })
  it('names the option and what it accepts on a bad value', () => {
    assert.throws(() => coerceOptions({ mem: 'lots' }), (e: unknown) =>
      e instanceof UsageError && e.exitCode === 2 && /--mem/.test(e.message) && /4G/.test(e.hint ?? ''))
    assert.throws(() => coerceOptions({ cores: '0' }), /--cores/)
    assert.throws(() => coerceOptions({ cores: '2.5' }), /--cores/)
  })
  it('refuses newlines and control characters, so no value can become a script line', () => {
    assert.throws(() => coerceOptions({ name: 'a\n#SBATCH --mem=1' }), /--name/)
    assert.throws(() => coerceOptions({ partition: 'a b' }), /--partition/)
    assert.throws(() => coerceOptions({ modules: ['gcc', 'x\ny'] }), /--modules/)
  })
  it('suggests the closest known option for an unknown one', () => {
    assert.throws(() => requireOption('coers'), (e: unknown) => e instanceof UsageError && /'cores'/.test(e.hint ?? ''))
    assert.equal(closest('memroy', ['mem', 'memory', 'cores']), 'memory')
    assert.equal(closest('zzzzzz', ['mem', 'cores']), undefined)
  })
})

describe('--mem 0 and the longest --time', () => {
  it("--mem 0 is taken (sbatch's all of the node's memory) in any spelling of zero", () => {
    for (const v of ['0', '0G', '0MB', '0.0']) assert.equal(coerceOptions({ mem: v }).mem, 0, v)
    assert.throws(() => coerceOptions({ mem: '-1' }), /--mem/)
  })
  it('a --time longer than 365 days is refused naming the limit and the way to ask for none', () => {
    assert.throws(() => coerceOptions({ time: '99999999' }), (e: unknown) =>
      e instanceof UsageError && e.exitCode === 2 && /365 days/.test(e.message) && /--time 0 \(or UNLIMITED\)/.test(e.hint ?? ''))
    assert.equal(coerceOptions({ time: '365-00:00:00' }).time, 365 * 86400)
    assert.equal(coerceOptions({ time: 'INFINITE' }).time, 0)
  })
})

describe('--suffix is part of every job file name, never a path', () => {
  it('takes plain names', () => {
    for (const v of ['cluster', 'run2', 'v1.3', 'a_b-c+d']) assert.equal(coerceOptions({ suffix: v }).suffix, v)
  })
  it('refuses /, .., a leading dot, control characters and NUL (bad usage, the safe set in the hint)', () => {
    for (const v of ['../x', 'a/b', '/../../x', '.', '..', '.hidden', 'a..b', 'x\u0000y', 'x\ty', 'x'.repeat(65), 'caf\u00e9'])
      assert.throws(() => coerceOptions({ suffix: v }), (e: unknown) => e instanceof UsageError && e.exitCode === 2
        && /letters, digits, _, \+, - and single dots/.test(e.hint ?? ''), JSON.stringify(v))
  })
})

describe('--begin is range-checked in the forms every backend converts', () => {
  it('takes now+N up to 365 days, real dates, and the forms it leaves to the batch system', () => {
    for (const v of ['now', 'now+1hour', 'now+365days', 'now+52weeks', '2026-12-01', '2026-12-01T08:00', '2028-02-29', '16:00', 'tomorrow'])
      assert.equal(coerceOptions({ begin: v }).begin, v)
  })
  it('refuses now+N beyond 365 days and days that do not exist', () => {
    for (const [v, why] of [['now+99999999999999weeks', /more than 365 days ahead/], ['now+366days', /more than 365 days ahead/],
      ['2026-02-31', /no such date/], ['2027-02-29', /no such date/], ['2026-12-01T25:00', /no such date/]] as const)
      assert.throws(() => coerceOptions({ begin: v }), (e: unknown) => e instanceof UsageError && why.test(e.message), v)
  })
})
