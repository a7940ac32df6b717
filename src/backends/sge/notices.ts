// What Grid Engine will read differently from what was asked, said (not refused) at submit and --dry-run.
import type { ResolvedJob } from '../types.js'
import type { SgeSettings } from './config.js'
import { slotsOf } from './directives.js'

export function notices(job: ResolvedJob, settings: SgeSettings): string[] {
  const o = job.options
  const said: string[] = []
  if ((o.nodes ?? 1) > 1) said.push(`Grid Engine has no --nodes: the job gets ${o.cores ?? 1} slot(s) from parallel environment ${settings.pe}, whose allocation rule decides the hosts`)
  if (o.features?.length) said.push('Grid Engine has no node features of its own: --features is not passed on (a site\'s boolean resources can be asked for in a script given to submit-file)')
  const { slots } = slotsOf(o)
  if (o.mem && slots > 1)
    said.push(`Grid Engine counts memory per slot: --mem is written as ${settings.memResource}=${Math.ceil(o.mem / slots)}M for each of ${slots} slots`)
  if (o['tasks-per-node'] !== undefined)
    said.push(`Grid Engine places tasks on hosts by the allocation rule of parallel environment ${(settings.mpiPe ?? 'mpi')}: --tasks-per-node only counts the slots`)
  return said
}
