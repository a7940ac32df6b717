// `pcluster submit`: flags -> a Job (core resolves profiles and validates), write, submit, print the id.
import { Job, commandFromArgv } from '../core/job.js'
import { UsageError } from '../core/errors.js'
import { EXIT, exitForSubmitWait, type ExitCode } from './exit.js'
import { json, maxQueueLen, out, say, throttleNotice } from './output.js'
import { submitKey } from './submitkey.js'
import { rawJobOptions } from './jobflags.js'

/**
 * Without `--`, a word after the command that is one of submit's own options was surely meant for pcluster
 * (`pcluster submit "echo hi" --wait` would otherwise run `'echo hi' --wait`): refused, naming both fixes.
 */
function refuseTrailingOptions(words: readonly string[], optionFlags: readonly string[]): void {
  const own = new Set(optionFlags)
  const stray = words.slice(1).find((w) => own.has(w.split('=')[0]!))
  if (stray === undefined) return
  const flag = stray.split('=')[0]!
  throw new UsageError('OPTION_AFTER_COMMAND', `${flag} comes after the command, where it would become part of the command`, {
    hint: `put pcluster's options first (pcluster submit ${flag} ... 'CMD'), or, if ${flag} is meant for the command, ` +
      'mark where the command starts with -- (pcluster submit [OPTIONS] -- CMD ARG...)',
  })
}

export async function run(words: string[], flags: Record<string, unknown>, dashDash: boolean, optionFlags: readonly string[] = []): Promise<ExitCode> {
  if (!dashDash) refuseTrailingOptions(words, optionFlags)
  if (flags.dryRun && flags.parsable)
    throw new UsageError('DRY_RUN_PARSABLE', '--parsable prints the job id, and --dry-run submits nothing, so there is no id to print', {
      hint: 'for a plan a program reads, use --dry-run --json (script, path, argv, files, notices)',
    })
  const command = words.length > 1 || dashDash ? commandFromArgv(words) : words[0] ?? ''
  const max = maxQueueLen(flags.maxQueueLen)
  const job = await Job.create(command, rawJobOptions(flags), {
    qtype: flags.qtype as string | undefined, profile: flags.profile as string | undefined,
  })
  if (flags.dryRun) {
    const plan = job.dryRun()
    for (const n of plan.notices) say(`pcluster: note: ${n}`)
    if (flags.json) {
      json({ ...plan, argv: plan.argv ?? null })
      return EXIT.ok
    }
    const how = plan.argv ? `submit with: ${plan.argv.join(' ')}` : `submitted to ${job.backend.title} (no command is run)`
    out(`# ${plan.path} (not written)\n${plan.script}\n# ${how}`)
    return EXIT.ok
  }
  for (const n of job.notices()) say(`pcluster: note: ${n}`)
  const key = await submitKey(flags, () => ({ command, options: rawJobOptions(flags), qtype: job.qtype, profile: flags.profile ?? null }))
  await job.submit({ maxQueueLen: max, onThrottle: throttleNotice(), waitForLimit: flags.waitForLimit !== false, ...(key ? { key } : {}),
    ...(typeof flags.check === 'boolean' ? { check: flags.check } : {}) })
  const files = job.files!
  const record = { id: job.id, name: job.name, qtype: job.qtype, script: files.script, out: files.out, err: files.err }
  if (flags.parsable) out(job.id!)
  else if (flags.json && !flags.wait) json(record)
  else if (!flags.json) out(`Submitted job ${job.id} (${job.name}) to ${job.backend.title}: ${files.script}`)
  if (!flags.wait) return EXIT.ok
  const status = await (await import('./submitwait.js')).waitForSubmitted(job.backend, job.id!, files, flags)
  // with --wait, the one JSON object comes once the job has ended, with how it ended
  if (flags.json) json({ ...record, state: status.state, exitCode: status.exitCode })
  return exitForSubmitWait(status)
}

