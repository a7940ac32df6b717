// `pcluster cancel`: stop jobs (pending ones never start, running ones are signalled), each on the backend
// pcluster submitted it to. An id the system does not know is an error, not a "cancel sent".
import { EXIT, type ExitCode } from './exit.js'
import { resolveJobIds } from './jobids.js'
import { say, warn } from './output.js'

export async function run(words: string[], flags: Record<string, unknown>): Promise<ExitCode> {
  const groups = await resolveJobIds(words, 'cancel', flags.qtype as string | undefined)
  let code: ExitCode = EXIT.ok
  for (const { backend, ids } of groups) {
    const { unknown, ended } = await backend.cancel(ids)
    const sent = ids.filter((id) => !unknown.includes(id) && !ended.includes(id))
    for (const id of unknown) warn(`pcluster: ${backend.title} has no job ${id}`)
    if (ended.length) say(`job${ended.length === 1 ? '' : 's'} ${ended.join(', ')} had already ended: nothing to cancel`)
    if (sent.length) say(`cancel sent for ${sent.length} job${sent.length === 1 ? '' : 's'} (${backend.name}); pcluster wait reports how they ended`)
    if (unknown.length) code = EXIT.failed
  }
  return code
}
