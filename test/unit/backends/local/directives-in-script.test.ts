// The local queue reads a script's own #SBATCH lines as sbatch does, honours what one machine can, names the rest.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { readLocalDirectives } from '../../../../src/backends/local/directives-in-script.js'

describe('#SBATCH lines on the local queue', () => {
  it('honours time, name, output, error, cores, mem, chdir and begin, in long and short forms; a later line wins', () => {
    const r = readLocalDirectives(['#!/bin/bash', '#SBATCH --time=10', '#SBATCH -J "my job" -o logs/%x-%j.out', '#SBATCH -e err.txt',
      '#SBATCH -c 4 --mem=2G', '#SBATCH -D sub', '#SBATCH --begin=now+60', '#SBATCH -t 1:30 # ninety seconds', 'echo hi'].join('\n'))
    assert.deepEqual(r, { ignored: [], time: 90, cores: 4, mem: 2048, begin: 'now+60', name: 'my job', out: 'logs/%x-%j.out', err: 'err.txt', chdir: 'sub' })
  })
  it('honours GPUs (--gpus, -G, --gpus-per-node: one machine is one node) and --hold / -H', () => {
    assert.deepEqual(readLocalDirectives('#SBATCH --gpus=a100:2 --hold\n'), { ignored: [], gpus: { count: 2, type: 'a100' }, hold: true })
    assert.deepEqual(readLocalDirectives('#SBATCH -G 1\n#SBATCH -H\n'), { ignored: [], gpus: { count: 1 }, hold: true })
    assert.deepEqual(readLocalDirectives('#SBATCH --gpus-per-node=3\n').gpus, { count: 3 })
    assert.throws(() => readLocalDirectives('#SBATCH --gpus=lots\n'), /#SBATCH --gpus=lots: not a number of GPUs/)
  })
  it('names what it ignores; --nodes=1 and --ntasks=1 are what it does anyway', () => {
    const r = readLocalDirectives('#!/bin/sh\n#SBATCH --partition=short -A lab\n#SBATCH --nodes=1 -n 1\n#SBATCH --exclusive\n#SBATCH --array=1-3\n')
    assert.deepEqual(r.ignored, ['--partition=short', '-A lab', '--exclusive', '--array=1-3'])
  })
  it('reads no further than the first command, nor indented or spaced-out prefixes', () => {
    const r = readLocalDirectives('#!/bin/bash\n\n# a comment\n #SBATCH --time=5\n# SBATCH --time=6\necho go\n#SBATCH --time=7\n')
    assert.equal(r.time, undefined)
  })
  it('refuses a value sbatch would refuse, naming the line', () => {
    assert.throws(() => readLocalDirectives('#SBATCH --time=soon\n'), /#SBATCH --time=soon: not a time limit/)
    assert.throws(() => readLocalDirectives('#SBATCH -c zero\n'), /#SBATCH -c zero: not a whole number/)
    assert.throws(() => readLocalDirectives('#SBATCH --begin=someday\n'), /#SBATCH --begin=someday: not a time/)
  })
})
