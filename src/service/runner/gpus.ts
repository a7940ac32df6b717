// The GPUs the daemon owns, found once when it starts: those CUDA_VISIBLE_DEVICES names when it is set (empty,
// or -1: none, as CUDA reads it), else those `nvidia-smi -L` lists (not installed: none).
import { execFileSync } from 'node:child_process'
import type { Gpu } from '../protocol.js'

export interface FoundGpus {
  gpus: Gpu[]
  /** How they were found, or what was looked at when none were: said by `local status` and a refusal. */
  source: string
}

/** `GPU 0: NVIDIA A100-SXM4-40GB (UUID: GPU-…)` lines; MIG devices (indented lines) are not scheduled apart. */
export function parseNvidiaSmiList(text: string): (Gpu & { uuid: string })[] {
  const out: (Gpu & { uuid: string })[] = []
  for (const line of text.split('\n')) {
    const m = /^GPU (\d+): (.*?)\s*\(UUID: ([^)]+)\)\s*$/.exec(line)
    if (m) out.push({ id: m[1]!, name: m[2]!, uuid: m[3]! })
  }
  return out
}

/**
 * CUDA_VISIBLE_DEVICES as CUDA reads it: a comma list of indices or UUIDs, cut at the first -1 (the usual
 * way to hide every GPU); empty: none.
 */
export function parseVisibleDevices(value: string): string[] {
  const ids: string[] = []
  for (const item of value.split(',').map((s) => s.trim())) {
    if (!item || item === '-1' || /^-\d+$/.test(item)) break
    ids.push(item)
  }
  return ids
}

/** `nvidia-smi -L`'s output, or undefined when it is not there or fails. */
function nvidiaSmiList(): string | undefined {
  try {
    return execFileSync('nvidia-smi', ['-L'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] })
  } catch {
    return undefined
  }
}

/**
 * The GPUs of this daemon, from its environment; `list` runs nvidia-smi -L (the tests give a recorded one). With
 * CUDA_VISIBLE_DEVICES set, nvidia-smi is not asked, so those GPUs have no names.
 */
export function findGpus(env: NodeJS.ProcessEnv = process.env, list: () => string | undefined = nvidiaSmiList): FoundGpus {
  const visible = env.CUDA_VISIBLE_DEVICES
  if (visible !== undefined) {
    const ids = parseVisibleDevices(visible)
    if (!ids.length) return { gpus: [], source: `CUDA_VISIBLE_DEVICES=${JSON.stringify(visible)} in the daemon's environment hides every GPU` }
    // unnamed: nvidia-smi is not asked (a start stays fast), so a typed request is refused, saying why
    return { gpus: ids.map((id) => ({ id, name: '' })), source: `CUDA_VISIBLE_DEVICES=${visible}` }
  }
  const text = list()
  if (text === undefined) return { gpus: [], source: 'CUDA_VISIBLE_DEVICES is not set and nvidia-smi is not on the daemon\'s PATH' }
  const gpus = parseNvidiaSmiList(text).map(({ id, name }) => ({ id, name }))
  return { gpus, source: gpus.length ? 'nvidia-smi -L' : 'CUDA_VISIBLE_DEVICES is not set and nvidia-smi -L lists none' }
}
