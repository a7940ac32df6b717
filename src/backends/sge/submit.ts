// Submits a script with `qsub -terse` and reads the job id; qsub's refusals become SchedulerErrors with the
// qmaster's own reason (fixtures err-*.stderr.txt: `Unable to run job: REASON` then `Exiting.`).
import { dependencyIds, parseDependency } from '../../core/dependencies.js'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { SUBMIT_TIMEOUT_MS, submittedId } from '../../core/commandresults.js'
import { runCommand } from '../../core/exec.js'
import { SchedulerError, UsageError } from '../../core/errors.js'
import type { SubmitRequest } from '../types.js'
import { currentConfigFile } from './config.js'
import { jobNumber } from './ids.js'
import { AFTER_VAR } from './script.js'
import { optionWords, renderWrapper } from './script-file.js'

/** A path as the guard reads it back with printf %b: every byte outside a plain set as \xHH, spelled %HH. */
export function encodeAfterPath(path: string): string {
  return [...Buffer.from(path, 'utf8')].map((b) => {
    const c = String.fromCharCode(b)
    return /[A-Za-z0-9._/+-]/.test(c) ? c : `%${b.toString(16).padStart(2, '0')}`
  }).join('').replaceAll('%', '\\x')
}

/**
 * The qsub command. `script` is what qsub is given: the job's own script, or for submit-file the wrapper that runs
 * the user's script after the guard (script-file.ts), which must run under bash whatever `-S` the script's own
 * lines ask for (a command-line option beats a script's), and gets the script's arguments.
 */
export function submitArgv(req: SubmitRequest, script = req.script): string[] {
  const argv = ['qsub', '-terse']
  if (!req.job) argv.push('-S', '/bin/bash', ...optionWords(req.options, req.script))
  // -hold_jid orders (afterany); the script's guard gives afterok and afternotok (script.ts)
  const ids = dependencyIds(req.depends)
  if (ids.length) argv.push('-hold_jid', [...new Set(ids.map(jobNumber))].join(','))
  const records = new Map((req.after ?? []).filter((a) => a.end).map((a) => [a.id, a.end]))
  // a parent with no end record (pcluster did not submit it) goes as `ID@`: the guard asks accounting about it;
  // a kind but afterok as `KIND/ID@...`. -v splits its list at commas, so no comma may be left in a path:
  // encodeAfterPath leaves none
  const after = req.depends.map(parseDependency).flatMap((d) => (d.kind === 'singleton' ? [] : [
    `${d.kind === 'afterok' ? '' : `${d.kind}/`}${d.id}@${records.has(d.id) ? encodeAfterPath(records.get(d.id)!) : ''}`]))
  if (after.length) argv.push('-v', `${AFTER_VAR}=${after.join(':')}`)
  argv.push(script, ...(req.args ?? []))
  return argv
}

/**
 * -hold_jid ignores an id Grid Engine does not know (notes, gotcha 10), and the guard would then wait a minute
 * for accounting before blocking: a parent pcluster did not submit is looked up once (one qstat, one qacct), and
 * one that is neither queued nor in accounting is refused with nothing submitted.
 */
async function checkStrangers(req: SubmitRequest): Promise<void> {
  const ours = new Set((req.after ?? []).filter((a) => a.end).map((a) => a.id))
  const strangers = dependencyIds(req.depends).filter((id) => !ours.has(id))
  if (!strangers.length) return
  const { status } = await import('./status.js')
  const known = await status(strangers, { since: new Date(Date.now() - 30 * 86400_000) })
  const missing = strangers.filter((id) => !known.has(id) && !known.has(jobNumber(id)))
  if (missing.length)
    throw new UsageError('UNKNOWN_DEPENDENCY', `--depends ${missing.join(',')}: Grid Engine has no such job, neither queued nor in its accounting of the last 30 days, and would ignore the dependency`, {
      hint: 'nothing was submitted; check the id with pcluster queue (accounting can lag a few seconds behind a job\'s end)',
    })
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
  await checkStrangers(req)
  if (req.job) return qsub(req, submitArgv(req))
  // submit-file: the wrapper, named as the script (SGE names the job after the file), kept only until qsub has spooled it
  const dir = await mkdtemp(join(tmpdir(), 'pcluster-sge-'))
  try {
    const wrapper = join(dir, basename(req.script))
    await writeFile(wrapper, renderWrapper(req.script, await readFile(req.script), req.cwd ?? process.cwd()), { mode: 0o600 })
    return await qsub(req, submitArgv(req, wrapper))
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

async function qsub(req: SubmitRequest, argv: string[]): Promise<string> {
  const res = await runCommand(argv, { cwd: req.cwd, timeoutMs: SUBMIT_TIMEOUT_MS })
  return submittedId(res, {
    missing: { code: 'NO_QSUB', hint: 'is Grid Engine installed here? try --qtype local' },
    parseId: parseQsubTerse,
    reason: (r) => qsubReason(r.stderr || r.stdout),
    explain: async (r) => {
      const pe = unknownPe(r.stderr)
      return pe === undefined ? undefined : new SchedulerError('NO_SUCH_PE', await noSuchPe(pe, req.job?.options.cores, currentConfigFile()), {
        argv, stderr: r.stderr, commandExitCode: r.exitCode,
      })
    },
    // a space in -N gives this misleading answer (fixture err-job-name-space); the name is sanitised, so say what else can
    hint: (r, reason) => (/Error reading answer list/.test(reason) ? 'SGE 8.1.9 says this for a malformed job name or option value'
      : qmasterDown(r.stderr) ? 'the Grid Engine qmaster does not answer; nothing was queued' : undefined),
  })
}
