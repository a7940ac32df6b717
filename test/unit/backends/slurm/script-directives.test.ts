// A script's #SBATCH lines as sbatch reads them, and the file names of a submit-file job on Slurm.
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { readScriptDirectives } from '../../../../src/backends/slurm/script-directives.js'
import { scriptJob } from '../../../../src/backends/slurm/script-job.js'
import { submitArgv } from '../../../../src/backends/slurm/submit.js'
import { expandPattern } from '../../../../src/core/outputpatterns.js'

describe('#SBATCH lines', () => {
  it('long and short forms, quotes, comments; short options as their long names', () => {
    const ds = readScriptDirectives('#!/bin/bash\n#SBATCH --job-name="a b" -t10 -o out.%j # note\n#SBATCH --exclusive\nhostname\n#SBATCH -c 9\n')
    assert.deepEqual(ds.map((d) => [d.option, d.value]), [['--job-name', 'a b'], ['--time', '10'], ['--output', 'out.%j'], ['--exclusive', undefined]])
  })
  it('patterns filled as sbatch fills them', () => {
    assert.equal(expandPattern('%x-%j.%u.%%j', { id: '12', name: 'n', user: 'me' }), 'n-12.me.%j')
  })
})

describe('submit-file on Slurm', () => {
  it('passes the arguments after the script', () => {
    assert.deepEqual(submitArgv({ script: '/s.sh', depends: ['1'], args: ['one', 'two three'] }),
      ['sbatch', '--parsable', '--dependency=afterok:1', '--kill-on-invalid-dep=yes', '/s.sh', 'one', 'two three'])
  })
  it('knows the files: slurm-ID.out in the submit folder, else what the script says, relative to its --chdir', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pcluster-unit-'))
    writeFileSync(join(dir, 'plain.sh'), '#!/bin/bash\necho\n')
    assert.deepEqual(await scriptJob({ script: join(dir, 'plain.sh'), depends: [], cwd: dir }, '7'),
      { name: 'plain.sh', out: join(dir, 'slurm-7.out'), err: join(dir, 'slurm-7.out') })
    writeFileSync(join(dir, 'named.sh'), '#!/bin/bash\n#SBATCH -J nm -D sub\n#SBATCH --output=%x-%j.log --error=/tmp/e.%j\necho\n')
    assert.deepEqual(await scriptJob({ script: join(dir, 'named.sh'), depends: [], cwd: dir }, '8'),
      { name: 'nm', out: join(dir, 'sub', 'nm-8.log'), err: '/tmp/e.8' })
  })
})
