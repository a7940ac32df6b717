// Job ids as typed after `wait`, `cancel` and `release`: split, then grouped by batch system by the core's one
// rule (core/jobrefs.ts: --qtype, else pcluster's ledger, else detection), with the CLI's words for the hints.
import { groupJobIds, splitJobIds, type IdGroup } from '../core/jobrefs.js'

export { splitJobIds, type IdGroup }

/** The ids grouped by backend, each group in the order typed; the groups in the order their first id was typed. */
export async function resolveJobIds(words: readonly string[], verb: string, asked?: string): Promise<IdGroup[]> {
  return groupJobIds(splitJobIds(words), {
    verb, ...(asked ? { qtype: asked } : {}), sayWhich: (qtype, id) => `pcluster ${verb} --qtype ${qtype} ${id}`,
  })
}
