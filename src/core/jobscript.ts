// The part of every job script that is the same on every backend: load modules, change directory, run the
// user's command, and write the job's own end record (exit code, start and end time) beside its files.
import { readFile } from 'node:fs/promises'
import { shellQuote } from './exec.js'
import { VERSION } from './version.js'
import type { ResolvedJob } from '../backends/types.js'

/**
 * Where pcluster's own variables come from in a job of a batch system: the scheduler's variables (names, in
 * the job's environment) for the job's id and its cores on the node where the script runs, with the cores asked
 * for when the scheduler leaves that one unset. The local queue sets them itself, in the daemon.
 */
export interface JobIdentity {
  qtype: string
  id: string
  cores: string
  /** The variable holding the task's index in a task of an array (Slurm's SLURM_ARRAY_TASK_ID). */
  task: string
}

/**
 * How a backend wants the body: see renderBody. `task`: the variable holding a task's index, where the system
 * has no identity line (the local queue); else the identity's.
 */
export interface RenderOptions {
  identity?: JobIdentity
  signal?: string
  forward?: boolean
  task?: string
}

/**
 * The shell body after a backend's directives. `identity`: PCLUSTER_JOB_ID, PCLUSTER_CORES and PCLUSTER_QTYPE
 * exported from the scheduler's own variables (README "In the job"). `signal`: a warning signal the job asked for (--signal), which
 * pcluster's own shells must survive so that the command, not the wrapper, decides what it does: the command's
 * shell has `trap :` (a trap of the command's own replaces it; a program it starts gets the signal's default,
 * or its own handler). Where the system signals the whole process group (Grid Engine), the batch shell only
 * survives it too. `forward`: where it reaches the batch shell alone (Slurm's `--signal=B:`), the command runs
 * in the background, and the batch shell passes the signal on to its process group and waits again.
 */
export function renderBody(job: ResolvedJob, opts: RenderOptions = {}): string {
  const o = job.options
  const inner: string[] = []
  if (o.dir) inner.push(`cd -- ${shellQuote(o.dir)} || exit 1`)
  if (o.modules?.length) inner.push(`module load ${o.modules.map(shellQuote).join(' ')} || exit 1`)
  const command = job.command.replace(/\n+$/, '')
  return [
    `# written by pcluster ${VERSION}; the end record below is how pcluster learns the true exit code`,
    '# the command:',
    ...command.split('\n').map((l) => `#   ${l}`),
    `__pcluster_end=${shellQuote(job.files.end)}`,
    ...(job.array && (opts.task ?? opts.identity?.task) ? [taskEndLine(opts.task ?? opts.identity!.task)] : []),
    START_LINE,
    ...(opts.identity ? [identityLine(opts.identity, job.options.cores ?? 1)] : []),
    ...(opts.signal && !opts.forward ? [`trap : ${opts.signal}`] : []),
    '(',
    ...(opts.signal ? [`trap : ${opts.signal}`] : []),
    ...inner,
    // eval of one quoted word: no quote, parenthesis or here-document in the command can reach past it, and
    // even a command with a syntax error ends in the end record (exit 2) like any failure
    ...evalLines(command),
    ...(opts.signal && opts.forward ? forwarding(opts.signal) : [')', '__pcluster_rc=$?']),
    ...END_RECORD_LINES,
    '',
  ].join('\n')
}

/**
 * The lines that run the command, byte for byte. A command of several lines is carried with `| ` before each
 * of its lines, taken off again before the eval, so that no line of the script begins as the user's line does:
 * Grid Engine reads its directives anywhere in a script, and PBS Pro skips blanks before its prefix (each
 * backend's script.ts says where that was seen), so neither indenting nor a later line is safe; `|` begins no
 * system's prefix. No here-document: bash before 5.1 writes
 * each one to a file in $TMPDIR, and a job must not fail for a full /tmp.
 */
function evalLines(command: string): string[] {
  if (!command.includes('\n')) return [`eval -- ${shellQuote(command)}`]
  // a newline of the command is always inside one of shellQuote's quoted runs, so the prefix lands in the value
  return [
    `__pcluster_command=${shellQuote(`| ${command.replace(/\n/g, '\n| ')}`)}`,
    "__pcluster_command=${__pcluster_command//$'\\n| '/$'\\n'}",
    'eval -- "${__pcluster_command#| }"',
  ]
}

/**
 * Where a task of an array writes its end record: `NAME.end` becomes `NAME.<task>.end` (taskEndLine does the same
 * in the job script). Without a task, the job's own.
 */
export function taskEndPath(end: string, task?: string): string {
  return task === undefined ? end : `${end.replace(/\.end$/, '')}.${task}.end`
}

/**
 * The line that moves "$__pcluster_end" to the task's own record (taskEndPath) when `variable` holds a task's
 * index. Only a number is one: Grid Engine sets SGE_TASK_ID to `undefined` in a job that is not an array.
 */
export function taskEndLine(variable: string): string {
  return `case \${${variable}-} in ''|*[!0-9]*) ;; *) __pcluster_end="\${__pcluster_end%.end}.\${${variable}}.end" ;; esac`
}

/** The line that exports pcluster's own variables from the scheduler's: the asked cores where it sets none. */
export function identityLine(v: JobIdentity, cores: number): string {
  return `export PCLUSTER_JOB_ID="$${v.id}" PCLUSTER_CORES="\${${v.cores}:-${cores}}" PCLUSTER_QTYPE=${v.qtype}`
}

/**
 * The line that notes when a job started, in $__pcluster_start. The clock is bash's own (`printf %(%s)T`, bash
 * 4.2 and later), not `$(date +%s)`: a fork and an exec less at each end of every job, which is most of what a
 * trivial job costs on the local queue.
 */
export const START_LINE = "printf -v __pcluster_start '%(%s)T' -1"

/**
 * The shell lines that end a job: write its end record to "$__pcluster_end" (atomically) from $__pcluster_rc and
 * $__pcluster_start, and exit with that code. For a backend that wraps a script it did not write (Grid Engine's
 * submit-file, the local queue's SCRIPT_RUNNER), so that the record's format still lives here alone.
 */
export const END_RECORD_LINES: readonly string[] = [
  `printf 'exit_code=%s\\nstart=%s\\nend=%(%s)T\\n' "$__pcluster_rc" "$__pcluster_start" -1 \\`,
  '  > "$__pcluster_end.tmp" && mv -f "$__pcluster_end.tmp" "$__pcluster_end"',
  'exit $__pcluster_rc',
]

/**
 * A `bash -c` program that runs a script which writes no end record of its own (a submit-file script on the local
 * queue), with the arguments after its first two, and writes one for it: `bash -c SCRIPT_RUNNER NAME SCRIPT
 * END_PATH ARGS...`. An executable script runs by its own #! line, as Slurm runs it; another is read by bash.
 */
export const SCRIPT_RUNNER = [
  '__pcluster_script=$1 __pcluster_end=$2; shift 2',
  START_LINE,
  'if [ -x "$__pcluster_script" ]; then "$__pcluster_script" "$@"; else bash "$__pcluster_script" "$@"; fi',
  '__pcluster_rc=$?',
  ...END_RECORD_LINES,
].join('\n')

/**
 * The end of the command's subshell when a signal is forwarded: run in the background, the signal passed on
 * to the process group, and the wait repeated after each one (a wait a trap interrupts returns 128+N while
 * the command runs on; a second wait for a child already reported returns 127, so the status before it holds).
 */
function forwarding(sig: string): string[] {
  return [
    ') &',
    '__pcluster_child=$!',
    `__pcluster_forward() { __pcluster_sig=1; trap '' ${sig}; kill -${sig} 0; trap __pcluster_forward ${sig}; }`,
    `trap __pcluster_forward ${sig}`,
    '__pcluster_rc=',
    'while :; do',
    '  __pcluster_sig=',
    '  wait "$__pcluster_child"; __pcluster_w=$?',
    '  [ "$__pcluster_w" = 127 ] && [ -n "$__pcluster_rc" ] && break',
    '  __pcluster_rc=$__pcluster_w',
    '  [ -n "$__pcluster_sig" ] || break',
    'done',
  ]
}

/** What a job's end record says: written by the job itself as it ended. */
export interface EndRecord {
  exitCode: number
  startedAt: string
  endedAt: string
  /**
   * Set when the job script itself decided not to run the command: `dependency_never_satisfied` (a job it
   * depends on did not succeed; written by backends whose scheduler has no afterok, such as Grid Engine's
   * guard), with the job it waited on in blockedBy. Absent: the command ran and exitCode is its own.
   */
  state?: 'dependency_never_satisfied'
  blockedBy?: string
  /** `afternotok` when that job succeeded where a failure was waited for (`blocked_kind=`); absent: afterok. */
  blockedKind?: 'afternotok'
}

export function parseEndRecord(text: string): EndRecord | undefined {
  const kv = new Map<string, string>()
  for (const line of text.split('\n')) {
    const i = line.indexOf('=')
    if (i > 0) kv.set(line.slice(0, i), line.slice(i + 1).trim())
  }
  const code = Number(kv.get('exit_code'))
  const start = Number(kv.get('start'))
  const end = Number(kv.get('end'))
  if (!/^-?\d+$/.test(kv.get('exit_code') ?? '') || !Number.isInteger(code)) return undefined
  const iso = (s: number) => (Number.isFinite(s) && s > 0 ? new Date(s * 1000).toISOString() : '')
  const never = kv.get('state') === 'dependency_never_satisfied'
  const blockedBy = kv.get('blocked_by')
  const notok = kv.get('blocked_kind') === 'afternotok'
  return { exitCode: code, startedAt: iso(start), endedAt: iso(end),
    ...(never ? { state: 'dependency_never_satisfied' as const, ...(blockedBy ? { blockedBy } : {}),
      ...(notok ? { blockedKind: 'afternotok' as const } : {}) } : {}) }
}

/** The end record at that path, or undefined when the job has not written one (yet). */
export async function readEndRecord(path: string): Promise<EndRecord | undefined> {
  try {
    return parseEndRecord(await readFile(path, 'utf8'))
  } catch {
    return undefined
  }
}
