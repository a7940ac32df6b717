// GPUs on the local queue: the daemon owns those it found when it started (CUDA_VISIBLE_DEVICES, else
// nvidia-smi -L), hands each job its own devices as CUDA_VISIBLE_DEVICES, starts a job only when enough are
// free, and refuses at submit (exit 2, nothing written) a request it could never run. This machine has no GPU:
// the daemon is given CUDA_VISIBLE_DEVICES=0,1, or a recorded nvidia-smi -L on its PATH.
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { cli, eventually, FIXTURES, type TestEnv } from '../../helpers.js'
import { localEnv } from './env.js'

interface Row { id: string; state: string; reason: string }

/** A job that writes the GPUs it sees to gpu.ID, then runs until the file go.ID appears. */
const SEES = 'echo "${CUDA_VISIBLE_DEVICES-unset}" > gpu.$PCLUSTER_JOB_ID; until [ -e go.$PCLUSTER_JOB_ID ]; do sleep 0.1; done'

function runner(t: TestEnv) {
  const run = (args: string[]) => cli(args, { env: t.env, cwd: t.dir })
  return {
    run,
    async submit(args: string[]): Promise<string> {
      const r = await run(['submit', '--parsable', ...args])
      assert.equal(r.code, 0, r.stderr)
      return r.stdout.trim()
    },
    async states(): Promise<Map<string, Row>> {
      return new Map((JSON.parse((await run(['queue', '--json'])).stdout) as Row[]).map((j) => [j.id, j]))
    },
    /** What job `id` saw as CUDA_VISIBLE_DEVICES, once it wrote it (its line ended: the shell makes the file before echo writes). */
    seen: (id: string) => eventually(() => {
      const text = existsSync(join(t.dir, `gpu.${id}`)) ? readFileSync(join(t.dir, `gpu.${id}`), 'utf8') : ''
      return text.endsWith('\n') ? text.trim() : undefined
    }, 60_000, `job ${id} to start`),
    go: (id: string) => writeFileSync(join(t.dir, `go.${id}`), ''),
    files: () => readdirSync(t.dir).filter((f) => f !== '.state' && f !== 'config.ini').sort(),
  }
}

/** A queue whose daemon sees no GPU: CUDA_VISIBLE_DEVICES unset and a PATH without nvidia-smi. */
function noGpuEnv(): TestEnv {
  const t = localEnv(2)
  const empty = join(t.dir, '.empty-path')
  mkdirSync(empty)
  delete t.env.CUDA_VISIBLE_DEVICES
  t.env.PATH = empty
  return t
}

describe('local queue: GPUs', () => {
  it('with CUDA_VISIBLE_DEVICES=0,1, two --gpus 1 jobs run at once on different devices, a third waits for one of them', async () => {
    const t = localEnv(4)
    t.env.CUDA_VISIBLE_DEVICES = '0,1'
    const q = runner(t)
    const a = await q.submit(['--gpus', '1', SEES])
    const b = await q.submit(['--gpus-per-node', '1', SEES])
    const c = await q.submit(['--gpus', '1', SEES])
    const cpu = await q.submit([SEES])
    const [ga, gb] = [await q.seen(a), await q.seen(b)]
    assert.deepEqual([ga, gb].sort(), ['0', '1'])
    // a job that asked for none sees none, so it cannot take a device handed to another job
    assert.equal(await q.seen(cpu), '')
    q.go(cpu)
    assert.equal((await q.states()).get(c)!.state, 'pending') // both devices are held by a and b
    assert.equal(existsSync(join(t.dir, `gpu.${c}`)), false)
    q.go(a)
    assert.equal(await q.seen(c), ga, 'c runs on the device a gave back')
    assert.equal((await q.states()).get(b)!.state, 'running')
    q.go(b)
    q.go(c)
    const w = await q.run(['wait', a, b, c, cpu])
    assert.equal(w.code, 0, w.stderr)

    const status = await q.run(['local', 'status'])
    assert.match(status.stdout, /^gpus 0, 1, from CUDA_VISIBLE_DEVICES=0,1$/m)
    const info = JSON.parse((await q.run(['local', 'status', '--json'])).stdout) as { gpus: unknown }
    assert.deepEqual(info.gpus, [{ id: '0', name: '' }, { id: '1', name: '' }])
  })

  it('more GPUs than the queue owns, or a type it cannot tell, is refused at submit: exit 2, nothing written', async () => {
    const t = localEnv(4)
    t.env.CUDA_VISIBLE_DEVICES = '0,1'
    const q = runner(t)
    const before = q.files()
    const three = await q.run(['submit', '--gpus', '3', 'true'])
    assert.equal(three.code, 2, three.stderr)
    assert.match(three.stderr, /--gpus 3 is more than the local queue has \(2 of its 2 GPUs: 0, 1\)/)
    const typed = await q.run(['submit', '--gpus', 'a100:1', 'true'])
    assert.equal(typed.code, 2, typed.stderr)
    assert.match(typed.stderr, /cannot tell GPU types apart/)
    assert.deepEqual(q.files(), before)
    assert.deepEqual([...(await q.states()).keys()], [], 'nothing was queued')
  })

  it('without GPUs, --gpus 1 is refused at submit, naming how the daemon finds them', async () => {
    const t = noGpuEnv()
    const q = runner(t)
    const r = await q.run(['submit', '--gpus', '1', 'true'])
    assert.equal(r.code, 2, r.stderr)
    assert.match(r.stderr, /--gpus 1: the local queue has no GPUs \(CUDA_VISIBLE_DEVICES is not set and nvidia-smi is not on the daemon's PATH\)/)
    assert.match(r.stderr, /hint: the daemon takes the GPUs in CUDA_VISIBLE_DEVICES when it is set .*, else those `nvidia-smi -L` lists/)
    assert.deepEqual(q.files(), ['.empty-path'])
    assert.match((await q.run(['local', 'status'])).stdout, /^gpus none: CUDA_VISIBLE_DEVICES is not set and nvidia-smi is not on the daemon's PATH$/m)

    const hidden = localEnv(2)
    hidden.env.CUDA_VISIBLE_DEVICES = ''
    const h = await cli(['submit', '--gpus-per-node', '1', 'true'], { env: hidden.env, cwd: hidden.dir })
    assert.equal(h.code, 2, h.stderr)
    assert.match(h.stderr, /no GPUs \(CUDA_VISIBLE_DEVICES="" in the daemon's environment hides every GPU\)/)
  })

  it('found by nvidia-smi -L: named, and a typed request gets a device of its type', async () => {
    const t = localEnv(2)
    const bin = join(t.dir, '.bin')
    mkdirSync(bin)
    writeFileSync(join(bin, 'nvidia-smi'), `#!/bin/sh\n[ "$1" = -L ] && exec cat '${join(FIXTURES, 'local', 'nvidia-smi-L.txt')}'\nexit 9\n`, { mode: 0o755 })
    delete t.env.CUDA_VISIBLE_DEVICES
    t.env.PATH = `${bin}:${t.env.PATH}`
    const q = runner(t)
    const a100 = await q.submit(['--gpus', 'a100:1', SEES])
    assert.equal(await q.seen(a100), '1')
    q.go(a100)
    const h100 = await q.run(['submit', '--gpus', 'h100:1', 'true'])
    assert.equal(h100.code, 2, h100.stderr)
    assert.match(h100.stderr, /--gpus h100:1 is more than the local queue has \(0 h100 of its 2 GPUs: 0 Tesla T4, 1 NVIDIA A100-SXM4-40GB\)/)
    assert.match((await q.run(['local', 'status'])).stdout, /^gpus 0 \(Tesla T4\), 1 \(NVIDIA A100-SXM4-40GB\), from nvidia-smi -L$/m)
    assert.equal((await q.run(['wait', a100])).code, 0)
  })

  it('a job running across a daemon restart keeps its device: the new daemon hands out only the other', async () => {
    const t = localEnv(4)
    t.env.CUDA_VISIBLE_DEVICES = '0,1'
    const q = runner(t)
    const a = await q.submit(['--gpus', '1', SEES])
    const ga = await q.seen(a)
    assert.equal((await q.run(['local', 'stop'])).code, 0)
    const b = await q.submit(['--gpus', '1', SEES]) // starts a new daemon, which adopts a
    const c = await q.submit(['--gpus', '1', SEES])
    const gb = await q.seen(b)
    assert.notEqual(gb, ga)
    assert.equal((await q.states()).get(c)!.state, 'pending')
    q.go(a)
    assert.equal(await q.seen(c), ga)
    q.go(b)
    q.go(c)
    assert.equal((await q.run(['wait', a, b, c])).code, 0)
  })
})
