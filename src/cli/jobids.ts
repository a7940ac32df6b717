// Job ids as typed after `wait` and `cancel`, and the backend each belongs to: the one --qtype names, else the
// one pcluster's ledger recorded when it submitted the job, else the one detected here. Each id is checked by
// its backend's grammar, so a malformed one is refused (exit 2) before any scheduler is asked.
import { BACKEND_NAMES, BACKENDS, registry } from '../backends/index.js'
import type { Backend } from '../backends/types.js'
import { UsageError } from '../core/errors.js'
import { findJobs } from '../core/ledger.js'

/** Words split on spaces and commas; an empty id is what a failed `j=$(pcluster submit --parsable ...)` leaves. */
export function splitJobIds(words: readonly string[]): string[] {
  const ids = words.flatMap((w) => w.trim().split(/[,\s]+/))
  if (!ids.length || ids.some((id) => id === ''))
    throw new UsageError('BAD_VALUE', 'an empty job id', { hint: 'did the submission that should have printed it fail? (j=$(pcluster submit --parsable ...))' })
  return ids
}

export interface IdGroup {
  backend: Backend
  /** Normalised ids, in the order typed. */
  ids: string[]
}

/** The ids grouped by backend, each group in the order typed; the groups in the order their first id was typed. */
export async function resolveJobIds(words: readonly string[], verb: string, asked?: string): Promise<IdGroup[]> {
  const typed = splitJobIds(words)
  const owner = new Map<string, string>() // id -> backend name
  if (asked) {
    const name = (await registry.load(asked)).name
    for (const id of typed) owner.set(id, name)
  } else {
    const found = await findJobs(BACKEND_NAMES.map((n) => BACKENDS[n]), typed)
    let detected: string | undefined
    for (const id of typed) {
      const where = [...new Set(found.get(id)!.map((e) => e.backend))]
      if (where.length > 1)
        throw new UsageError('AMBIGUOUS_ID', `job ${id} was submitted by pcluster to ${where.join(' and ')}`, { hint: `say which: pcluster ${verb} --qtype ${where[0]} ${id}` })
      owner.set(id, where[0] ?? (detected ??= (await registry.pick()).name))
    }
  }
  const groups = new Map<string, IdGroup>()
  for (const id of typed) {
    const name = owner.get(id)!
    let group = groups.get(name)
    if (!group) groups.set(name, group = { backend: await registry.load(name), ids: [] })
    const ok = group.backend.ids.parse(id)
    if (ok === undefined)
      throw new UsageError('BAD_VALUE', `invalid job id '${id}': not a job id of ${group.backend.title}`, {
        hint: `${verb} takes job ids of ${group.backend.title} such as ${group.backend.ids.examples}`,
      })
    group.ids.push(ok)
  }
  return [...groups.values()]
}
