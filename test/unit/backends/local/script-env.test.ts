// Which batch system's variables a submit-file script gets on the local queue: by its first directive line
// before its first command, as each system stops reading them there.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { jobVariables, scriptFlavour } from '../../../../src/backends/local/script-env.js'

describe('local: a script\'s batch system', () => {
  it('the first directive prefix before the first command; none: Slurm\'s', () => {
    assert.equal(scriptFlavour('#!/bin/bash\n# notes\n\n#$ -N a\n#SBATCH -J b\necho\n'), 'sge')
    assert.equal(scriptFlavour('#!/bin/bash\n#PBS -N a\n'), 'pbs')
    assert.equal(scriptFlavour('#!/bin/bash\necho hi\n#PBS -N late\n'), 'slurm')
    assert.equal(scriptFlavour('#!/bin/sh\n  #$ -N indented\n'), 'slurm')
  })
  it('memory only when the job asked for it, as Slurm sets SLURM_MEM_PER_NODE', () => {
    assert.equal(jobVariables('slurm', { id: '3', name: 'n', cores: 2, mem: null }).SLURM_MEM_PER_NODE, undefined)
    assert.equal(jobVariables('slurm', { id: '3', name: 'n', cores: 2, mem: 512 }).SLURM_MEM_PER_NODE, '512')
  })
})
