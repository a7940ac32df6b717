// Submits with qsub, on Torque and PBS Pro alike: dependencies on the command line, the full id kept, the
// server's refusal in one line (fixtures/torque/messages.tsv, fixtures/pbspro/messages.tsv).
import { SUBMIT_TIMEOUT_MS, submittedId } from '../../core/commandresults.js'
import { runCommand } from '../../core/exec.js'
import { groupDependencies } from '../../core/dependencies.js'
import type { JobOptions } from '../../core/options.js'
import type { SubmitRequest } from '../types.js'
import { PBS_ID } from './ids.js'

/**
 * The qsub command. `scriptDirectives`: for submit-file, the family's directive arguments for the options given
 * with the script, passed as qsub's own options, which override the script's #PBS lines (qsub.1.in @6.1.3:
 * "options on the command line take precedence"; PBS Pro's qsub alike).
 */
export function submitArgv(req: SubmitRequest, scriptDirectives?: (o: JobOptions) => string[]): string[] {
  const argv = ['qsub']
  if (!req.job && req.options && scriptDirectives) argv.push(...scriptDirectives(req.options).flatMap((d) => d.split(/\s+/)))
  // `-W depend=afterok:A:B,afterany:C,afternotok:D` (qsub.1.in @6.1.3; PBS Pro's qsub man page, same syntax);
  // singleton is none of theirs: the core has made it afterany on the live jobs of the same name
  const { groups } = groupDependencies(req.depends)
  if (groups.length) argv.push('-W', `depend=${groups.map(([kind, ids]) => `${kind}:${ids.join(':')}`).join(',')}`)
  argv.push(req.script)
  return argv
}

/** The job id: the last non-empty stdout line (a site's submit filter may print before it). */
export function parseQsubId(stdout: string): string | undefined {
  const line = stdout.split('\n').map((l) => l.trim()).filter(Boolean).pop() ?? ''
  return PBS_ID.test(line) ? line : undefined
}

/**
 * The server's reason in one line: Torque ≥ 4 `qsub: submit error (Unauthorized Request  MSG=group ACL is not
 * satisfied…)` becomes `Unauthorized Request: group ACL is not satisfied…`; older Torque and PBS Pro say
 * `qsub: <text> MSG=<detail>` or `qsub: <text>`; usage lines after an `illegal` option are dropped.
 */
export function qsubReason(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean)
  const first = lines.find((l) => /^qsub:/i.test(l) || /^\[qsub:/.test(l)) ?? lines[0] ?? 'no reason given'
  let text = first.replace(/^\[?qsub:\s*/i, '').replace(/\]$/, '')
  const wrapped = /^submit error \((.*)\)$/i.exec(text)
  if (wrapped) text = wrapped[1]!
  return text.replace(/\s+MSG=/, ': ').replace(/\s{2,}/g, ' ').trim()
}

/** Server busy or unreachable: qsub itself retried (qsub_functions.c @6.1.3), and the job may or may not exist. */
const UNSURE = /timed? ?out|Premature end of message|cannot connect to server|Connection refused/i

export async function qsub(req: SubmitRequest, title: string, scriptDirectives?: (o: JobOptions) => string[]): Promise<string> {
  const res = await runCommand(submitArgv(req, scriptDirectives), { cwd: req.cwd, timeoutMs: SUBMIT_TIMEOUT_MS })
  return submittedId(res, {
    missing: { code: 'NO_QSUB', hint: `is ${title} installed here? try --qtype local` },
    parseId: parseQsubId,
    reason: (r) => qsubReason(r.stderr),
    // an answer cut short may come after the server queued the job
    unsure: (r) => r.exitCode !== 0 && /Premature end of message|timed? ?out/i.test(r.stderr),
    hint: (r) => (UNSURE.test(r.stderr) ? `is the ${title} server up? (qstat -B)` : undefined),
  })
}
