// `submit`: fits the job to the queue (trimmed to its cores and memory with a notice, as python-cluster trimmed
// a request to the machine; refused under [local] strict; GPUs are never trimmed, only refused), commits it and
// answers its id, its files and notices.
import { dependencyIds } from '../../core/dependencies.js'
import { ServiceError } from '../errors.js'
import { currentUser } from '../../core/user.js'
import { driftNotice } from '../../backends/local/drift.js'
import { gpuRefusal } from '../../backends/local/gpus.js'
import type { LocalJobSpec } from '../protocol.js'
import { stallPoint } from '../test-hooks.js'
import type { Handler } from './context.js'

export const submit: Handler<'submit'> = ({ job: asked, settings }, { loop, store, capacity, gpuSource, configured }) => {
  const notices: string[] = []
  const gpus = asked.gpus ? gpuRefusal(asked.gpus, asked.gpuType, capacity.gpus ?? [], gpuSource) : undefined
  if (gpus) throw new ServiceError('NO_GPUS', gpus.message, { exitCode: 2, hint: gpus.hint })
  let spec: LocalJobSpec = asked
  const hint = settings?.strict ? ' ([local] strict = true refuses it; without it the job is trimmed to fit)' : ''
  if (spec.cores > capacity.cores) {
    if (settings?.strict)
      throw new ServiceError('TOO_BIG', `--cores ${spec.cores} is more than the local queue has (${capacity.cores} cores)`,
        { exitCode: 2, hint: `ask for fewer cores, or raise [local] cores in the config${hint}` })
    notices.push(`--cores ${spec.cores} is more than the local queue has: the job gets its ${capacity.cores} cores`)
    spec = { ...spec, cores: capacity.cores }
  }
  if (spec.mem && spec.mem > capacity.mem) {
    if (settings?.strict)
      throw new ServiceError('TOO_BIG', `--mem ${spec.mem}M is more than the local queue has (${capacity.mem} MB)`,
        { exitCode: 2, hint: `ask for less memory, or raise [local] mem in the config${hint}` })
    notices.push(`--mem ${spec.mem}M is more than the local queue has: the job gets its ${capacity.mem} MB`)
    spec = { ...spec, mem: capacity.mem }
  }
  for (const d of dependencyIds(spec.depends))
    if (!store.get(d)) throw new ServiceError('NO_SUCH_JOB', `--depends ${d}: the local queue has no job ${d}`, { exitCode: 2 })
  const drift = settings && driftNotice({ ...capacity, configured }, settings)
  if (drift) notices.push(drift)
  const job = loop.submit(spec, currentUser())
  stallPoint('submitted')
  return { type: 'submitted', id: job.id, job: { name: job.name, out: job.out, err: job.err, end: job.end }, ...(notices.length ? { notices } : {}) }
}
