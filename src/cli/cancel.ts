// `pcluster cancel`: stop jobs (pending ones never start, running ones are signalled), on any backend.
import { detectQType, loadBackend } from '../backends/index.js'
import { UsageError } from '../core/errors.js'
import { say } from './output.js'

export async function run(words: string[], flags: Record<string, unknown>): Promise<void> {
  const ids = words.flatMap((w) => w.trim().split(/[,\s]+/))
  if (!ids.length || ids.some((id) => !/^[A-Za-z0-9_.[\]-]+$/.test(id)))
    throw new UsageError('BAD_VALUE', `invalid job id in ${JSON.stringify(words.join(' '))}`, { hint: 'cancel takes job ids such as 1234 or 1234,1235' })
  const backend = await loadBackend(await detectQType(flags.qtype as string | undefined))
  await backend.cancel(ids)
  say(`cancel sent for ${ids.length} job${ids.length === 1 ? '' : 's'} (${backend.name}); pcluster wait reports how they ended`)
}
