// `pcluster cancel`: stop jobs (pending ones never start, running ones are signalled), on any backend.
import { detectQType, loadBackend } from '../backends/index.js'
import { parseJobIds } from './jobids.js'
import { say } from './output.js'

export async function run(words: string[], flags: Record<string, unknown>): Promise<void> {
  const ids = parseJobIds(words, 'cancel')
  const backend = await loadBackend(await detectQType(flags.qtype as string | undefined))
  await backend.cancel(ids)
  say(`cancel sent for ${ids.length} job${ids.length === 1 ? '' : 's'} (${backend.name}); pcluster wait reports how they ended`)
}
