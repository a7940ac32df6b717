// Whether a GPU request fits the GPUs the local queue owns: asked by the client before anything is written, and
// by the daemon again at submit. Never trimmed, unlike cores: a job given fewer GPUs than it asked for fails or
// runs wrong, where one given fewer cores only runs slower.
import type { Gpu } from '../../service/protocol.js'

/** Whether a device is of the type asked for: `a100` in `NVIDIA A100-SXM4-40GB`, case and `_`/`-`/space aside. */
export function gpuOfType(gpu: Gpu, type: string | null | undefined): boolean {
  if (!type) return true
  const squash = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, '')
  return !!gpu.name && squash(gpu.name).includes(squash(type))
}

/** How the daemon finds GPUs, for a refusal's hint. */
export const GPU_DISCOVERY = 'the daemon takes the GPUs in CUDA_VISIBLE_DEVICES when it is set in the environment it starts in, ' +
  'else those `nvidia-smi -L` lists'

/** Why `count` GPUs (of `type`) can never run on a queue owning `gpus`, or undefined when they fit. */
export function gpuRefusal(count: number, type: string | null | undefined, gpus: readonly Gpu[], source: string):
  { message: string; hint: string } | undefined {
  const asked = `--gpus ${type ? `${type}:` : ''}${count}`
  const restart = 'pcluster local stop, then start it where it can see them (queued jobs stay queued)'
  if (!gpus.length)
    return { message: `${asked}: the local queue has no GPUs (${source})`, hint: `${GPU_DISCOVERY}; ${restart}, or submit to a batch system with GPUs (--qtype)` }
  const fit = gpus.filter((g) => gpuOfType(g, type))
  if (type && gpus.every((g) => !g.name))
    return { message: `${asked}: the local queue cannot tell GPU types apart (its GPUs ${gpus.map((g) => g.id).join(', ')} came from ${source}, which names no type)`,
      hint: `leave the type out (--gpus ${count}), or let the daemon find them by nvidia-smi -L: ${restart} without CUDA_VISIBLE_DEVICES` }
  if (count > fit.length)
    return { message: `${asked} is more than the local queue has (${fit.length}${type ? ` ${type}` : ''} of its ${gpus.length} GPU${gpus.length === 1 ? '' : 's'}: ${gpus.map((g) => g.name ? `${g.id} ${g.name}` : g.id).join(', ')})`,
      hint: `ask for ${fit.length ? `at most ${fit.length}` : 'another type'}, or submit to a batch system with more (--qtype)` }
  return undefined
}
