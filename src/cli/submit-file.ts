// `pcluster submit-file`: submit an existing script as it is, with arguments for it and job options that override
// its own lines; through the same core submit path as `submit`; --wait as on submit.
import { submitFile } from '../core/job.js'
import { EXIT, exitForSubmitWait, type ExitCode } from './exit.js'
import { rawJobOptions } from './jobflags.js'
import { json, maxQueueLen, out, throttleNotice } from './output.js'
import { submitKey } from './submitkey.js'
import { resolve } from 'node:path'

export async function run(script: string, args: string[], flags: Record<string, unknown>): Promise<ExitCode> {
  const key = await submitKey(flags, () => ({ command: resolve(script), args, options: rawJobOptions(flags), qtype: flags.qtype ?? null }))
  const job = await submitFile(script, {
    ...rawJobOptions(flags), args, qtype: flags.qtype as string | undefined, maxQueueLen: maxQueueLen(flags.maxQueueLen), onThrottle: throttleNotice(),
    waitForLimit: flags.waitForLimit !== false, ...(key ? { key } : {}),
    ...(typeof flags.check === 'boolean' ? { check: flags.check } : {}),
  })
  const record = { id: job.id, name: job.name, qtype: job.qtype, script, args, out: job.out, err: job.err }
  if (flags.parsable) out(job.id)
  else if (flags.json && !flags.wait) json(record)
  else if (!flags.json) out(`Submitted job ${job.id} (${job.name}) to ${job.backend.title}: ${script}${job.out ? `; output in ${job.out}` : ''}`)
  if (!flags.wait) return EXIT.ok
  const status = await (await import('./submitwait.js')).waitForSubmitted(job.backend, job.id, job, flags)
  // with --wait, the one JSON object comes once the job has ended, with how it ended
  if (flags.json) json({ ...record, state: status.state, exitCode: status.exitCode })
  return exitForSubmitWait(status)
}
