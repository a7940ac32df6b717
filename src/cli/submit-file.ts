// `pcluster submit-file`: submit an existing script as it is, with arguments for it; --wait as on submit.
import { submitFile } from '../core/job.js'
import { coerceOptions } from '../core/options.js'
import { EXIT, exitForSubmitWait, type ExitCode } from './exit.js'
import { json, maxQueueLen, out, throttleNotice } from './output.js'

export async function run(script: string, args: string[], flags: Record<string, unknown>): Promise<ExitCode> {
  // --depends goes through the registry's list coercion first (synonyms folded, an empty id refused), then the
  // backend's own id grammar in submitFile
  const raw = (['depends', 'depend', 'dependency', 'dependencies'] as const).flatMap((k) => (flags[k] as string[] | undefined) ?? [])
  const depends = raw.length ? coerceOptions({ depends: raw }).depends : []
  const job = await submitFile(script, {
    depends, args, qtype: flags.qtype as string | undefined, maxQueueLen: maxQueueLen(flags.maxQueueLen), onThrottle: throttleNotice(),
  })
  if (flags.parsable) out(job.id)
  else if (flags.json) json({ id: job.id, name: job.name, qtype: job.qtype, script, args, out: job.out, err: job.err })
  else out(`Submitted job ${job.id} (${job.name}) to ${job.qtype}: ${script}${job.out ? `; output in ${job.out}` : ''}`)
  if (!flags.wait) return EXIT.ok
  const { finish } = await import('./wait.js')
  const [status] = await finish([{ backend: job.backend, ids: [job.id] }], { quiet: !!flags.parsable || !!flags.json })
  return exitForSubmitWait(status!)
}
