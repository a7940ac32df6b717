// `pcluster submit-file`: submit an existing script as it is.
import { submitFile } from '../core/job.js'
import { coerceOptions } from '../core/options.js'
import { json, maxQueueLen, out, throttleNotice } from './output.js'

export async function run(script: string, flags: Record<string, unknown>): Promise<void> {
  // --depends goes through the registry's list coercion first (synonyms folded, an empty id refused), then the
  // backend's own id grammar in submitFile
  const raw = (['depends', 'depend', 'dependency', 'dependencies'] as const).flatMap((k) => (flags[k] as string[] | undefined) ?? [])
  const depends = raw.length ? coerceOptions({ depends: raw }).depends : []
  const { id, qtype } = await submitFile(script, {
    depends, qtype: flags.qtype as string | undefined, maxQueueLen: maxQueueLen(flags.maxQueueLen), onThrottle: throttleNotice(),
  })
  if (flags.parsable) out(id)
  else if (flags.json) json({ id, qtype, script })
  else out(`Submitted job ${id} to ${qtype}: ${script}`)
}
