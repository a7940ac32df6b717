// Job ids as typed after `wait` and `cancel`: separated by spaces or commas; an empty one is refused, since it
// is what a failed `j=$(pcluster submit --parsable ...)` leaves behind.
import { UsageError } from '../core/errors.js'
import { JOB_ID } from '../core/states.js'

export function parseJobIds(words: readonly string[], verb: string): string[] {
  const ids = words.flatMap((w) => w.trim().split(/[,\s]+/))
  if (!ids.length || ids.some((id) => id === ''))
    throw new UsageError('BAD_VALUE', 'an empty job id', { hint: 'did the submission that should have printed it fail? (j=$(pcluster submit --parsable ...))' })
  for (const id of ids)
    if (!JOB_ID.test(id)) throw new UsageError('BAD_VALUE', `invalid job id '${id}'`, { hint: `${verb} takes job ids such as 1234 or 1234,1235` })
  return ids
}
