import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { cli, testEnv } from '../helpers.js'

const FILE = ['# mine', '[queue]', 'max_jobs = 250', '', '[prof_default]', 'cpus = 4', '[prof_big]', 'mem = 64G', '[local]', 'idle = 5', ''].join('\n')

describe('pcluster config show and get of a default', () => {
  it('show --origin: every setting of the file with its file:line, and the defaults of the keys it leaves unset', async () => {
    const t = testEnv()
    writeFileSync(t.config, FILE)
    const r = await cli(['config', 'show', '--origin'], { env: t.env, cwd: t.dir })
    assert.equal(r.code, 0, r.stderr)
    const lines = r.stdout.trimEnd().split('\n')
    const f = `file:${t.config}`
    for (const want of [`${f}:3\tqueue.max_jobs=250`, `${f}:6\tprof_default.cpus=4`, `${f}:8\tprof_big.mem=64G`, `${f}:10\tlocal.idle=5`,
      '(default)\tqueue.poll_max=30', '(default)\tjobs.keep_days=14', '(default)\tlocal.strict=false', '(default)\tsge.pe=smp',
      '(default)\tprof_default.suffix=cluster'])
      assert.ok(lines.includes(want), `${want} in\n${r.stdout}`)
    // set under a synonym, a key has no default beside it
    assert.ok(!lines.some((l) => /queue\.max_queue_len=|prof_default\.cores=|local\.idle=60/.test(l)), r.stdout)
    const plain = await cli(['config', 'show'], { env: t.env, cwd: t.dir })
    assert.deepEqual(plain.stdout.trimEnd().split('\n'), lines.map((l) => l.split('\t')[1]))
  })
  it('show --json: the file read and each setting with its file and line, null for a default', async () => {
    const t = testEnv()
    writeFileSync(t.config, FILE)
    const r = JSON.parse((await cli(['config', 'show', '--json'], { env: t.env, cwd: t.dir })).stdout) as
      { schemaVersion: number; file: string; settings: { section: string; key: string; value: string; file: string | null; line: number | null }[] }
    assert.equal(r.schemaVersion, 1)
    assert.equal(r.file, t.config)
    assert.deepEqual(r.settings.find((s) => s.key === 'idle'), { section: 'local', key: 'idle', value: '5', file: t.config, line: 10 })
    assert.deepEqual(r.settings.find((s) => s.key === 'poll_max'), { section: 'queue', key: 'poll_max', value: '30', file: null, line: null })
  })
  it('get of an unset key prints its built-in default (said on stderr, exit 0); one with no default is exit 1', async () => {
    const t = testEnv()
    writeFileSync(t.config, FILE)
    const get = (...args: string[]) => cli(['config', 'get', ...args], { env: t.env, cwd: t.dir })
    const poll = await get('queue', 'poll_max')
    assert.equal(poll.code, 0)
    assert.equal(poll.stdout, '30\n')
    assert.match(poll.stderr, /\[queue\] poll_max is not set in .*c(onfig)?\.ini: this is the built-in default/)
    assert.deepEqual(await get('local', 'idle'), { code: 0, stdout: '5\n', stderr: '' })
    assert.equal((await get('sge', 'mem_resource')).stdout, 'h_vmem\n')
    const node = await get('jobs', 'node')
    assert.equal(node.code, 1)
    assert.equal(node.stdout, '')
    assert.equal((await get('prof_big', 'cores')).code, 1)
  })
})
