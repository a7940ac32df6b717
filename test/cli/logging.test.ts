// One log level for the CLI and the library: -v says what pcluster decided and every command it ran, with
// times; -q leaves only problems; PCLUSTER_LOG sets the same; the library's setLogLevel/useLog likewise.
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { cli, testEnv } from '../helpers.js'
import { getLogLevel, setLogLevel, useLog, type LogLevel } from '../../src/core/log.js'
import { runCommand } from '../../src/core/exec.js'

const STAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /

describe('log levels', () => {
  it('-v: the config, the profiles, the batch system and why, the job and its files, each line timed', async () => {
    const t = testEnv()
    writeFileSync(t.config, '[prof_default]\ncores = 2\n')
    const r = await cli(['-v', 'submit', '--qtype', 'local', '--dry-run', 'true'], { env: t.env, cwd: t.dir })
    assert.equal(r.code, 0, r.stderr)
    const lines = r.stderr.trim().split('\n')
    assert.ok(lines.every((l) => STAMP.test(l)), r.stderr)
    assert.match(r.stderr, new RegExp(`pcluster debug: config: ${t.config.replace(/\./g, '\\.')}\n`))
    assert.match(r.stderr, /pcluster debug: profiles: default \{"cores":"2"\}\n/)
    assert.match(r.stderr, /pcluster debug: batch system: local, asked for \(--qtype\)\n/)
    assert.match(r.stderr, /pcluster debug: job true on local: \{"cores":2,/)
    // without -v: none of it
    const plain = await cli(['submit', '--qtype', 'local', '--dry-run', 'true'], { env: t.env, cwd: t.dir })
    assert.doesNotMatch(plain.stderr, /debug/)
  })

  it('PCLUSTER_LOG=debug is -v; a value that is no level is said and ignored', async () => {
    const t = testEnv()
    const r = await cli(['submit', '--qtype', 'local', '--dry-run', 'true'], { env: { ...t.env, PCLUSTER_LOG: 'debug' }, cwd: t.dir })
    assert.match(r.stderr, /pcluster debug: batch system: local/)
    const bad = await cli(['submit', '--qtype', 'local', '--dry-run', 'true'], { env: { ...t.env, PCLUSTER_LOG: 'loud' }, cwd: t.dir })
    assert.equal(bad.code, 0)
    assert.match(bad.stderr, /^pcluster: PCLUSTER_LOG=loud is not a level \(debug, info, warn, error\): ignored\n/)
  })

  it('-q: no progress or notes, but a job that failed is still said; PCLUSTER_LOG=error hides that too', async () => {
    const t = testEnv()
    writeFileSync(t.config, '[local]\ncores = 1\nidle = 5\n')
    const run = (args: string[], env: NodeJS.ProcessEnv = {}) => cli(args, { env: { ...t.env, ...env }, cwd: t.dir })
    const id = (await run(['submit', '--qtype', 'local', '--parsable', 'exit 3'])).stdout.trim()
    const loud = await run(['wait', id])
    assert.match(loud.stderr, /1\/1 ended: 1 failed\n/)
    const quiet = await run(['-q', 'wait', id])
    assert.equal(quiet.code, 1)
    assert.equal(quiet.stderr, `pcluster: job ${id} (exit) failed with exit code 3\n`)
    const silent = await run(['wait', id], { PCLUSTER_LOG: 'error' })
    assert.equal(silent.code, 1)
    assert.equal(silent.stderr, '')
    await run(['local', 'stop'])
  })

  it('the library: setLogLevel and useLog; at debug every command run is said with its exit and time', async () => {
    const seen: [LogLevel, string][] = []
    const before = getLogLevel()
    useLog((level, line) => seen.push([level, line]))
    try {
      setLogLevel('debug')
      await runCommand(['sh', '-c', 'exit 4'])
      assert.throws(() => setLogLevel('loud' as LogLevel), /one of debug, info, warn, error/)
    } finally {
      setLogLevel(before)
    }
    assert.equal(seen.length, 1)
    assert.equal(seen[0]![0], 'debug')
    assert.match(seen[0]![1], /^\S+Z pcluster debug: ran sh -c exit 4: exit 4 in \d+ ms$/)
  })
})
