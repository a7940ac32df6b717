// `submit`: refuses what can never run here, else commits the job and answers its id.
import { PclusterError } from '../../../../core/errors.js'
import { currentUser } from '../../../../core/user.js'
import type { Handler } from './context.js'

export const submit: Handler<'submit'> = ({ job: spec }, { loop, store, capacity, send }) => {
  if (spec.cores > capacity.cores)
    throw new PclusterError('TOO_BIG', `--cores ${spec.cores} is more than the local queue has (${capacity.cores} cores)`,
      { exitCode: 2, hint: 'ask for fewer cores, or raise [local] cores in the config' })
  if (spec.mem && spec.mem > capacity.mem)
    throw new PclusterError('TOO_BIG', `--mem ${spec.mem}M is more than the local queue has (${capacity.mem} MB)`,
      { exitCode: 2, hint: 'ask for less memory, or raise [local] mem in the config' })
  for (const d of spec.depends)
    if (!store.get(d)) throw new PclusterError('NO_SUCH_JOB', `--depends ${d}: the local queue has no job ${d}`, { exitCode: 2 })
  send({ type: 'submitted', id: loop.submit(spec, currentUser()).id })
}
