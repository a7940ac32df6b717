// Grid Engine's directive table and job script (golden file test/fixtures/sge/scripts/full.sge), its config
// section, and how it is detected (stub commands on PATH).
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { sgeSettings } from '../../../../src/backends/sge/config.js'
import { notices } from '../../../../src/backends/sge/notices.js'
import { detect, isSgeBanner } from '../../../../src/backends/sge/detect.js'
import { renderDirectives, sgeBegin, sgeJobName, sgeTime } from '../../../../src/backends/sge/directives.js'
import { renderScript } from '../../../../src/backends/sge/script.js'
import { encodeAfterPath, submitArgv } from '../../../../src/backends/sge/submit.js'
import { FIXTURES } from '../../../helpers.js'

const job = {
  name: '1 my job+x', command: "echo 'hi there'\nexit 0",
  options: { cores: 4, nodes: 1, mem: 4096, time: 93784, partition: 'all.q', account: 'lab', begin: '2026-12-01T08:00', dir: '/data/run 1', modules: ['gcc'] },
  files: { dir: '/data', script: '/data/j.cluster.sge', out: '/data/%x.%j.out', err: '/data/err %u.txt', end: '/data/j.cluster.end' },
}

describe('sge: the script', () => {
  it('matches the golden file: #$ directives, the afterok guard, the shared body', () => {
    const text = renderScript(job, { pe: 'mpi', memResource: 'mem_free' }, 'alice')
    assert.equal(text, readFileSync(join(FIXTURES, 'sge', 'scripts', 'full.sge'), 'utf8'))
    assert.doesNotMatch(text, /-b y/)
  })
  it('refuses what qsub would misread: a " or \\ anywhere, a : in a path', () => {
    const s = { pe: 'smp', memResource: 'h_vmem' }
    assert.throws(() => renderDirectives({ outfile: '/d/a:b.out' }, s), /--outfile "\/d\/a:b.out": Grid Engine reads a path with ':' as HOST:PATH/)
    assert.throws(() => renderDirectives({ partition: 'a"b' }, s), /cannot read a " or \\/)
  })
  it('one core: no -pe; memory per slot; no --dir: -cwd; no limit: no h_rt', () => {
    const s = { pe: 'smp', memResource: 'h_vmem' }
    assert.deepEqual(renderDirectives({ cores: 1, mem: 1000, time: 0 }, s), ['#$ -l h_vmem=1000M', '#$ -cwd'])
    assert.deepEqual(renderDirectives({ cores: 2, mem: 2048 }, s), ['#$ -pe smp 2', '#$ -l h_vmem=1024M', '#$ -cwd'])
    assert.deepEqual(renderDirectives({ export: 'ALL' }, s), ['#$ -V', '#$ -cwd'])
  })
  it('names SGE accepts: no space, no colon, no leading digit', () => {
    assert.equal(sgeJobName('my job:1'), 'my_job_1')
    assert.equal(sgeJobName('1abc'), 'j1abc')
    assert.equal(sgeJobName(''), 'job')
  })
  it('h_rt in hours (SGE takes no days), --begin as [[CC]YY]MMDDhhmm[.SS]', () => {
    assert.equal(sgeTime(36 * 3600), '36:00:00')
    assert.equal(sgeTime(65), '0:01:05')
    const now = new Date(2026, 11, 1, 18, 30, 0)
    assert.equal(sgeBegin('now+1hour', now), '202612011930.00')
    assert.equal(sgeBegin('now+90', now), '202612011831.30')
    assert.equal(sgeBegin('16:00', now), '202612021600.00')
    assert.equal(sgeBegin('2027-01-02', now), '202701020000.00')
    assert.throws(() => sgeBegin('tomorrow', now), /invalid value 'tomorrow' for --begin/)
  })
  it('submit: -terse, -hold_jid for order, the parents\' end records for the guard (no comma, no colon left)', () => {
    assert.deepEqual(submitArgv({ script: '/d/j.sge', job, depends: [] }), ['qsub', '-terse', '/d/j.sge'])
    // 6.2 has no end record (pcluster did not submit it): `6.2@`, which the guard asks accounting about
    const argv = submitArgv({ script: '/d/j.sge', job, depends: ['5', '6.2'], after: [{ id: '5', end: '/d/a,b:c.end' }] })
    assert.deepEqual(argv, ['qsub', '-terse', '-hold_jid', '5,6', '-v', '__PCLUSTER_AFTER=5@/d/a\\x2cb\\x3ac.end:6.2@', '/d/j.sge'])
    // submit-file: the wrapper under bash whatever the script's own -S, then the script's arguments
    assert.deepEqual(submitArgv({ script: '/d/mine.sh', depends: ['7'], args: ['a b', 'c'] }, '/tmp/w/mine.sh'),
      ['qsub', '-terse', '-S', '/bin/bash', '-hold_jid', '7', '-v', '__PCLUSTER_AFTER=7@', '/tmp/w/mine.sh', 'a b', 'c'])
    assert.equal(encodeAfterPath('/ä'), '/\\xc3\\xa4')
  })
  it('notices: no --nodes, no --features, memory per slot', () => {
    const said = notices({ ...job, options: { cores: 2, nodes: 2, mem: 2048, features: ['gpu'] } }, { pe: 'smp', memResource: 'h_vmem' })
    assert.equal(said.length, 3)
    assert.match(said[2]!, /h_vmem=1024M for each of 2 slots/)
    assert.deepEqual(notices({ ...job, options: { cores: 1, nodes: 1 } }, { pe: 'smp', memResource: 'h_vmem' }), [])
  })
  it('[sge] pe and mem_resource, checked', () => {
    const cfg = (sge: unknown) => ({ raw: { sge }, readFrom: '/c.ini', path: '/c.ini' })
    assert.deepEqual(sgeSettings(cfg(undefined)), { pe: 'smp', memResource: 'h_vmem' })
    assert.deepEqual(sgeSettings(cfg({ pe: 'threads', mem_resource: 'mem_free' })), { pe: 'threads', memResource: 'mem_free' })
    assert.throws(() => sgeSettings(cfg({ pe: 'a b' })), /\[sge\] pe must be a Grid Engine name/)
  })
})

/** Runs fn with PATH holding only stub commands (name -> script body), and SGE_ROOT as given. */
async function withStubs<T>(stubs: Record<string, string>, sgeRoot: string | undefined, fn: () => Promise<T>): Promise<T> {
  const saved = { PATH: process.env.PATH, SGE_ROOT: process.env.SGE_ROOT }
  const dir = mkdtempSync(join(tmpdir(), 'pcluster-sge-path-'))
  for (const [name, body] of Object.entries(stubs)) writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 })
  try {
    process.env.PATH = dir
    if (sgeRoot === undefined) delete process.env.SGE_ROOT
    else process.env.SGE_ROOT = sgeRoot
    return await fn()
  } finally {
    process.env.PATH = saved.PATH
    if (saved.SGE_ROOT === undefined) delete process.env.SGE_ROOT
    else process.env.SGE_ROOT = saved.SGE_ROOT
  }
}

describe('sge: detect', () => {
  const banner = readFileSync(join(FIXTURES, 'sge', 'version-qstat-help.txt'), 'utf8')
  it("SGE's qstat -help banner, not Torque's or PBS Pro's usage", () => {
    assert.ok(isSgeBanner(banner))
    assert.ok(isSgeBanner('UGE 8.6.7\nusage: qstat'))
    assert.ok(!isSgeBanner('usage:\nqstat [-f [-1]] [-W site_specific] [-x]'))
    assert.ok(!isSgeBanner(''))
  })
  it('no qsub: no; qsub with SGE_ROOT: yes; qsub without: as qstat -help says', async () => {
    assert.equal(await withStubs({}, '/var/lib/gridengine', detect), false)
    assert.equal(await withStubs({ qsub: 'exit 0' }, '/var/lib/gridengine', detect), true)
    // the stub's PATH has nothing else (no cat): the fixture's first two lines, echoed by the shell itself
    const sgeHelp = banner.split('\n').slice(0, 2).map((l) => `echo '${l}'`).join('\n')
    assert.equal(await withStubs({ qsub: 'exit 0', qstat: sgeHelp }, undefined, detect), true)
    assert.equal(await withStubs({ qsub: 'exit 0', qstat: "echo 'usage: qstat [-f]'; exit 2" }, undefined, detect), false)
    assert.equal(await withStubs({ qsub: 'exit 0' }, undefined, detect), false)
  })
})
