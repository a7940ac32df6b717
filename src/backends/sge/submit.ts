// Submits a script with `qsub -terse` and reads the job id; qsub's refusals become SchedulerErrors with the
// qmaster's own reason (fixtures err-*.stderr.txt: `Unable to run job: REASON` then `Exiting.`).
import { runCommand } from '../../core/exec.js'
import { SchedulerError } from '../../core/errors.js'
import type { SubmitRequest } from '../types.js'
import { currentConfigFile } from './config.js'
import { jobNumber } from './ids.js'
import { AFTER_VAR } from './script.js'

/** A path as the guard reads it back with printf %b: every byte outside a plain set as \xHH, spelled %HH. */
export function encodeAfterPath(path: string): string {
  return [...Buffer.from(path, 'utf8')].map((b) => {
    const c = String.fromCharCode(b)
    return /[A-Za-z0-9._/+-]/.test(c) ? c : `%${b.toString(16).padStart(2, '0')}`
  }).join('').replaceAll('%', '\\x')
}

export function submitArgv(req: SubmitRequest): string[] {
  const argv = ['qsub', '-terse']
  // -hold_jid orders; the script's guard gives afterok (script.ts)
  if (req.depends.length) argv.push('-hold_jid', [...new Set(req.depends.map(jobNumber))].join(','))
  const after = (req.after ?? []).filter((a) => a.end)
  // -v splits its list at commas, so no comma may be left in a path: encodeAfterPath leaves none
  if (after.length) argv.push('-v', `${AFTER_VAR}=${after.map((a) => `${a.id}@${encodeAfterPath(a.end)}`).join(':')}`)
  argv.push(req.script)
  return argv
}

/** `123` or, for an array, `123.1-5:1` -> 123. */
export function parseQsubTerse(stdout: string): string | undefined {
  const line = stdout.trim().split('\n').pop()?.trim() ?? ''
  return /^(\d+)(?:\.\d+-\d+:\d+)?$/.exec(line)?.[1]
}

/** qsub's own reason, one line: `Unable to run job:` and `Exiting.` dropped, commlib noise kept only when alone. */
export function qsubReason(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l && l !== 'Exiting.')
  const main = lines.filter((l) => !/^error: commlib error/.test(l)).map((l) => l.replace(/^Unable to run job:\s*/, '').replace(/^error:\s*/, ''))
  return [...new Set(main)].join('; ') || lines.pop() || 'no reason given'
}

/**
 * The parallel environment qsub says the site lacks (fixture err-unknown-pe: `job rejected: the requested parallel
 * environment "nosuchpe" does not exist`), or undefined for any other refusal.
 */
export function unknownPe(stderr: string): string | undefined {
  return /the requested parallel environment "([^"]*)" does not exist/.exec(stderr)?.[1]
}

/** `qconf -spl`: one parallel environment per line (fixture qconf-spl.txt). */
export function parsePeList(stdout: string): string[] {
  return stdout.split('\n').map((l) => l.trim()).filter((l) => /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(l))
}

/**
 * The one-line refusal for a missing parallel environment: which one, what asked for it, where to set another, and
 * (when `qconf -spl` answers) the names this site has. qsub's own check is the one that counts, so it is read
 * rather than asking qconf before every submit; qconf runs only here, once, on the way out.
 */
export async function noSuchPe(pe: string, cores: number | undefined, configFile: string): Promise<string> {
  const res = await runCommand(['qconf', '-spl'], { timeoutMs: 30_000 })
  const known = res.exitCode === 0 ? parsePeList(res.stdout) : []
  return `Grid Engine has no parallel environment "${pe}"${cores ? ` (--cores ${cores} asks for one)` : ''}: `
    + `set pe = NAME under [sge] in ${configFile}${known.length ? `, NAME being one of this site's: ${known.join(' ')}` : ' (qconf -spl lists this site\'s)'}`
}

/** The qmaster could not be reached: nothing was queued (fixture err-qmaster-down-qsub). */
export function qmasterDown(stderr: string): boolean {
  return /unable to (send message to|contact) qmaster|commlib error/i.test(stderr)
}

export async function submit(req: SubmitRequest): Promise<string> {
  const argv = submitArgv(req)
  const res = await runCommand(argv, { cwd: req.cwd, timeoutMs: 120_000 })
  if (res.error === 'not_found')
    throw new SchedulerError('NO_QSUB', 'qsub is not on PATH', { argv, hint: 'is Grid Engine installed here? try --qtype local' })
  const id = res.exitCode === 0 ? parseQsubTerse(res.stdout) : undefined
  if (res.error === 'timed_out' || (res.exitCode === 0 && id === undefined))
    throw new SchedulerError('SUBMIT_UNKNOWN', res.error === 'timed_out' ? 'qsub did not answer within 120 s'
      : `qsub answered ${JSON.stringify(res.stdout.trim())} instead of a job id`, {
      argv, stderr: res.stderr, commandExitCode: res.exitCode,
      hint: 'the job may have been queued all the same: check pcluster queue before submitting it again',
    })
  if (id === undefined) {
    const pe = unknownPe(res.stderr)
    if (pe !== undefined) {
      throw new SchedulerError('NO_SUCH_PE', await noSuchPe(pe, req.job?.options.cores, currentConfigFile()), {
        argv, stderr: res.stderr, commandExitCode: res.exitCode,
      })
    }
    const reason = qsubReason(res.stderr || res.stdout)
    // a space in -N gives this misleading answer (fixture err-job-name-space); the name is sanitised, so say what else can
    const hint = /Error reading answer list/.test(reason) ? 'SGE 8.1.9 says this for a malformed job name or option value'
      : qmasterDown(res.stderr) ? 'the Grid Engine qmaster does not answer; nothing was queued' : undefined
    throw new SchedulerError('SUBMIT_REFUSED', `qsub refused the job: ${reason}`, {
      argv, stderr: res.stderr, commandExitCode: res.exitCode, ...(hint ? { hint } : {}),
    })
  }
  return id
}
