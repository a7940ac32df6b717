// submit-file on Grid Engine: the wrapper that runs a user's script after the afterok guard, and the files SGE
// gives such a job (its own #$ lines, else SGE's defaults).
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { directiveLines, directiveWords, renderWrapper, scriptJob } from '../../../../src/backends/sge/script-file.js'

describe('sge: submit-file', () => {
  it('reads #$ lines as qsub does: at the top, before the first command', () => {
    const lines = directiveLines('#!/bin/sh\n# a comment\n#$ -N one -cwd\n\n#$ -o "a b/out.txt"\necho hi\n#$ -N late\n')
    assert.deepEqual(lines, ['#$ -N one -cwd', '#$ -o "a b/out.txt"'])
    assert.deepEqual(directiveWords(lines), ['-N', 'one', '-cwd', '-o', 'a b/out.txt'])
  })
  it('the wrapper: the script\'s #$ lines, the guard, the script byte for byte with its arguments under its own -S and pcluster\'s variables, the end record', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pcluster-sge-wrap-'))
    const script = Buffer.from('#$ -S /bin/sh\n#$ -cwd\nprintf "[%s]" "$@" "$0" > got.txt\nprintf \'\\001\\377\' > bytes\necho "$PCLUSTER_JOB_ID $PCLUSTER_CORES $PCLUSTER_QTYPE" > own.txt\nexit 3\n', 'latin1')
    const text = renderWrapper('/home/u/mine.sh', script, dir)
    assert.match(text, /^#!\/bin\/bash\n#\$ -S \/bin\/sh\n#\$ -cwd\n/)
    assert.match(text, /__PCLUSTER_AFTER/)
    // no line of the payload can be read as a directive
    assert.deepEqual(text.split('\n').filter((l) => l.startsWith('#$')), ['#$ -S /bin/sh', '#$ -cwd'])
    // run it as SGE would: JOB_ID set, no parents
    writeFileSync(join(dir, 'w.sh'), text)
    let code = 0
    try { execFileSync('bash', [join(dir, 'w.sh'), 'one', 'two three'], { cwd: dir, env: { ...process.env, JOB_ID: '42', NSLOTS: '3', TMPDIR: dir } }) } catch (e) { code = (e as { status: number }).status }
    assert.equal(code, 3)
    assert.match(readFileSync(join(dir, 'got.txt'), 'utf8'), /^\[one\]\[two three\]\[.*pcluster-script\.\w+\]$/)
    assert.equal(readFileSync(join(dir, 'own.txt'), 'utf8'), '42 3 sge\n')
    assert.match(readFileSync(join(dir, 'mine.sh.42.pcluster.end'), 'utf8'), /^exit_code=3\nstart=\d+\nend=\d+\n$/)
  })
  it('the files SGE gives the job: -N, -o (a folder: NAME.oID inside), -j y; without -cwd or -wd, $HOME', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pcluster-sge-files-'))
    mkdirSync(join(dir, 'logs'))
    writeFileSync(join(dir, 'a.sh'), '#$ -N named -cwd\n#$ -o logs -e err_$JOB_ID.txt\ntrue\n')
    assert.deepEqual(await scriptJob({ script: join(dir, 'a.sh'), depends: [], cwd: dir }, '12'),
      { name: 'named', out: join(dir, 'logs', 'named.o12'), err: join(dir, 'err_12.txt'), end: join(dir, 'a.sh.12.pcluster.end') })
    writeFileSync(join(dir, 'b.sh'), '#$ -j y\ntrue\n')
    assert.deepEqual(await scriptJob({ script: join(dir, 'b.sh'), depends: [], cwd: dir }, '13'),
      { name: 'b.sh', out: join(homedir(), 'b.sh.o13'), err: join(homedir(), 'b.sh.o13'), end: join(dir, 'b.sh.13.pcluster.end') })
  })
})
