// The GPUs the local queue daemon finds when it starts, and whether a request fits them.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { findGpus, parseNvidiaSmiList, parseVisibleDevices } from '../../../../src/service/runner/gpus.js'
import { gpuRefusal } from '../../../../src/backends/local/gpus.js'
import { FIXTURES } from '../../../helpers.js'

const SMI = readFileSync(join(FIXTURES, 'local', 'nvidia-smi-L.txt'), 'utf8')

describe('GPU discovery', () => {
  it('reads nvidia-smi -L: index, name and UUID of each GPU; a MIG line is not a GPU of its own', () => {
    assert.deepEqual(parseNvidiaSmiList(SMI), [
      { id: '0', name: 'Tesla T4', uuid: 'GPU-8a3b4c2d-1e2f-4a5b-9c6d-7e8f9a0b1c2d' },
      { id: '1', name: 'NVIDIA A100-SXM4-40GB', uuid: 'GPU-1f2e3d4c-5b6a-4789-8a7b-6c5d4e3f2a1b' }])
  })
  it('reads CUDA_VISIBLE_DEVICES as CUDA does: a comma list, cut at -1; empty is none', () => {
    assert.deepEqual(parseVisibleDevices('0,1'), ['0', '1'])
    assert.deepEqual(parseVisibleDevices(' 2, GPU-abc '), ['2', 'GPU-abc'])
    assert.deepEqual(parseVisibleDevices('1,-1,0'), ['1'])
    assert.deepEqual(parseVisibleDevices('-1'), [])
    assert.deepEqual(parseVisibleDevices(''), [])
  })
  it('CUDA_VISIBLE_DEVICES when set (nvidia-smi not asked), else nvidia-smi -L, else none, saying how', () => {
    const never = () => assert.fail('nvidia-smi asked')
    assert.deepEqual(findGpus({ CUDA_VISIBLE_DEVICES: '0,1' }, never),
      { gpus: [{ id: '0', name: '' }, { id: '1', name: '' }], source: 'CUDA_VISIBLE_DEVICES=0,1' })
    assert.deepEqual(findGpus({ CUDA_VISIBLE_DEVICES: '' }, never).gpus, [])
    assert.match(findGpus({ CUDA_VISIBLE_DEVICES: '-1' }, never).source, /hides every GPU/)
    assert.deepEqual(findGpus({}, () => SMI), { gpus: [{ id: '0', name: 'Tesla T4' }, { id: '1', name: 'NVIDIA A100-SXM4-40GB' }], source: 'nvidia-smi -L' })
    assert.deepEqual(findGpus({}, () => undefined), { gpus: [], source: 'CUDA_VISIBLE_DEVICES is not set and nvidia-smi is not on the daemon\'s PATH' })
  })
})

describe('gpuRefusal', () => {
  const named = parseNvidiaSmiList(SMI)
  const unnamed = [{ id: '0', name: '' }, { id: '1', name: '' }]
  it('fits: up to as many as there are, of the type asked (case, - and _ aside)', () => {
    assert.equal(gpuRefusal(2, undefined, unnamed, 'x'), undefined)
    assert.equal(gpuRefusal(1, 'A100', named, 'x'), undefined)
    assert.equal(gpuRefusal(1, 'tesla_t4', named, 'x'), undefined)
  })
  it('refuses more than there are, a type none is, a type where names are unknown, and any GPU where there are none', () => {
    assert.match(gpuRefusal(3, undefined, unnamed, 'x')!.message, /--gpus 3 is more than the local queue has \(2 of its 2 GPUs: 0, 1\)/)
    assert.match(gpuRefusal(2, 'a100', named, 'x')!.message, /--gpus a100:2 is more than the local queue has \(1 a100 of its 2 GPUs/)
    assert.match(gpuRefusal(1, 'h100', named, 'x')!.hint, /another type/)
    assert.match(gpuRefusal(1, 'a100', unnamed, 'CUDA_VISIBLE_DEVICES=0,1')!.message, /cannot tell GPU types apart/)
    const none = gpuRefusal(1, undefined, [], 'CUDA_VISIBLE_DEVICES is not set and nvidia-smi is not on the daemon\'s PATH')!
    assert.match(none.message, /no GPUs \(CUDA_VISIBLE_DEVICES is not set and nvidia-smi/)
    assert.match(none.hint, /CUDA_VISIBLE_DEVICES.*nvidia-smi -L/)
  })
})
