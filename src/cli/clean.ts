// `pcluster clean`: list what pcluster wrote in a folder, ask, delete exactly that.
import { relative } from 'node:path'
import { parseQType } from '../backends/index.js'
import { EXIT, type ExitCode } from './exit.js'
import { planClean, runClean } from '../core/clean.js'
import { UsageError } from '../core/errors.js'
import { out, say, warn } from './output.js'
import { count } from './words.js'

async function confirm(question: string): Promise<boolean> {
  const { createInterface } = await import('node:readline/promises')
  const rl = createInterface({ input: process.stdin, output: process.stderr })
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim())
  } finally {
    rl.close()
  }
}

export async function run(dir: string, flags: Record<string, unknown>): Promise<ExitCode> {
  const plan = await planClean(dir, {
    suffix: flags.suffix as string | undefined,
    qtype: flags.qtype ? parseQType(String(flags.qtype)) : undefined,
    outputs: !!flags.outputs,
  })
  for (const { entry, why } of plan.kept) say(`keeping the files of job ${entry.id} (${entry.name}): ${why}`)
  if (plan.keptOutputs.length)
    say(`keeping ${count(plan.keptOutputs.length, 'output file')} named with --outfile/--errfile or by a job script ` +
      `(results: --outputs deletes them too): ${plan.keptOutputs.map((f) => relative(plan.dir, f)).join(', ')}`)
  const files = plan.jobs.flatMap((j) => j.files)
  if (!files.length) {
    say(`nothing to clean in ${plan.dir}`)
    return EXIT.ok
  }
  const shown = (f: string) => (f.startsWith(plan.dir + '/') ? relative(plan.dir, f) : f)
  out(files.map(shown).join('\n'))
  if (flags.dryRun) {
    say(`${count(files.length, 'file')} of ${count(plan.jobs.length, 'job')} would be deleted (dry run)`)
    return EXIT.ok
  }
  if (!flags.yes) {
    if (!process.stdin.isTTY)
      throw new UsageError('NEED_YES', `refusing to delete ${count(files.length, 'file')} without --yes: stdin is not a terminal`, {
        hint: 'check the list above, then run again with --yes',
      })
    if (!(await confirm(files.length === 1 ? 'Delete this file? [y/N] ' : `Delete these ${files.length} files? [y/N] `))) {
      say('nothing deleted')
      return EXIT.ok
    }
  }
  const { deleted, failed } = await runClean(plan)
  for (const f of failed) warn(`pcluster: could not delete ${f.file}: ${f.why}`)
  say(`deleted ${count(deleted.length, 'file')} of ${count(plan.jobs.length, 'job')}`)
  return failed.length ? EXIT.failed : EXIT.ok
}
