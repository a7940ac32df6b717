// `pcluster release`: lets jobs submitted with --hold start, each on the backend pcluster submitted it to. An
// id the system does not know is an error (exit 1), as for cancel.
import { UsageError } from '../core/errors.js'
import { EXIT, type ExitCode } from './exit.js'
import { resolveJobIds } from './jobids.js'
import { say, warn } from './output.js'

export async function run(words: string[], flags: Record<string, unknown>): Promise<ExitCode> {
  const groups = await resolveJobIds(words, 'release', flags.qtype as string | undefined)
  let code: ExitCode = EXIT.ok
  for (const { backend, ids } of groups) {
    if (!backend.release)
      throw new UsageError('NOT_SUPPORTED', `${backend.title} holds no jobs: --hold is refused there, so there is nothing to release`, {
        hint: `job${ids.length === 1 ? '' : 's'} ${ids.join(', ')} ${ids.length === 1 ? 'is' : 'are'} not held`,
      })
    const { unknown } = await backend.release(ids)
    const sent = ids.filter((id) => !unknown.includes(id))
    for (const id of unknown) warn(`pcluster: ${backend.title} has no job ${id}`)
    if (sent.length) say(`released ${sent.length} job${sent.length === 1 ? '' : 's'} (${backend.name}): ${sent.join(', ')}`)
    if (unknown.length) code = EXIT.failed
  }
  return code
}
