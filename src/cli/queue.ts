// `pcluster queue`: the user's jobs as a table, or as JSON: on the backend asked for, else on the one detected
// here and every backend pcluster submitted to in the time shown (so local jobs show beside Slurm's). As
// Slurm's own view: live jobs and those that ended in the last day, unless --since or --all.
import { BACKEND_NAMES, BACKENDS, detectQType, loadBackend } from '../backends/index.js'
import { UsageError } from '../core/errors.js'
import { recentJobs } from '../core/ledger.js'
import { closest } from '../core/options.js'
import { Queue } from '../core/queue.js'
import { JOB_STATES, describeFailure, isFinal, type JobState, type JobStatus } from '../core/states.js'
import { currentUser } from '../core/user.js'
import { EXIT, type ExitCode } from './exit.js'
import { json, out, warn, table } from './output.js'

function parseStates(value: unknown): JobState[] | undefined {
  if (value === undefined) return undefined
  return String(value).split(',').map((s) => s.trim().toLowerCase()).filter(Boolean).map((s) => {
    if ((JOB_STATES as readonly string[]).includes(s)) return s as JobState
    const near = closest(s, JOB_STATES)
    throw new UsageError('BAD_VALUE', `unknown state '${s}' for --state`, {
      hint: `${near ? `did you mean '${near}'? ` : ''}states: ${JOB_STATES.join(', ')}`,
    })
  })
}

/** A user name the system knows (through NSS: LDAP users too), or a usage error instead of a scheduler's. */
async function existingUser(name: string): Promise<string> {
  const { runCommand } = await import('../core/exec.js')
  if (/^[A-Za-z0-9._][A-Za-z0-9._-]*\$?$/.test(name) && (await runCommand(['id', '-u', '--', name], { timeoutMs: 10_000 })).exitCode === 0) return name
  throw new UsageError('NO_SUCH_USER', `no user named '${name}' on this machine`, { hint: '--user takes self (the default), a user name, or all' })
}

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3600_000, d: 86400_000, w: 7 * 86400_000 }

/** How --since is written, for its errors. */
const SINCE_FORMS = '--since takes a time back from now (7d, 12h, 30m, 2w, 90s) or a date (2026-05-01, 2026-05-01T08:00), from 1970-01-01 on; --all shows every job kept'

/**
 * --since: a duration back from now (`7d`, `12h`, `30m`, `2w`, `90s`) or a date (`2026-05-01`, `2026-05-01T08:00`),
 * local time. A date that is no day (2026-02-31, which Date would roll into March) or a time before 1970 (where no
 * scheduler keeps a job, and beyond which a Date is no date at all: `9999999999d`) is bad usage.
 */
export function parseSince(value: string, now = Date.now()): Date {
  const v = value.trim()
  const bad = (why: string) => new UsageError('BAD_VALUE', `invalid value '${value}' for --since${why}`, { hint: SINCE_FORMS })
  const m = /^(\d+)([smhdw])$/.exec(v)
  if (m) {
    const at = now - Number(m[1]) * UNITS[m[2]!]!
    if (!(at >= 0)) throw bad(': that is before 1970')
    return new Date(at)
  }
  const d = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(v)
  if (d) {
    const [y, mo, day, h, mi, sec] = d.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number]
    const at = new Date(y, mo - 1, day, h, mi, sec) // local time, as Slurm reads a date
    at.setFullYear(y) // Date reads a year under 100 as 19xx
    if (at.getFullYear() !== y || at.getMonth() !== mo - 1 || at.getDate() !== day || h > 23 || mi > 59 || sec > 59)
      throw bad(': no such date or time')
    if (at.getTime() < 0) throw bad(': that is before 1970')
    return at
  }
  throw bad('')
}

/** How far back ended jobs are shown: the last day by default, null for all that are kept. */
function sinceOf(flags: Record<string, unknown>): Date | null {
  if (flags.all && flags.since !== undefined)
    throw new UsageError('BAD_USAGE', '--all and --since both say how far back to show: give one', { hint: '--all shows every job kept; --since 7d the last week' })
  if (flags.all) return null
  return flags.since === undefined ? new Date(Date.now() - 86400_000) : parseSince(String(flags.since))
}

/** The backends to list: the one asked for; else the detected one and those with jobs of ours in the time shown. */
async function backendsToList(asked: string | undefined, since: Date | null): Promise<string[]> {
  const detected = await detectQType(asked)
  if (asked) return [detected]
  const used = await Promise.all(BACKEND_NAMES.map(async (n) => ((await recentJobs(BACKENDS[n], since ?? undefined)).size ? n : undefined)))
  return BACKEND_NAMES.filter((n) => n === detected || used.includes(n))
}

export async function run(flags: Record<string, unknown>): Promise<ExitCode> {
  const who = String(flags.user ?? 'self')
  const user = who === 'all' ? undefined : who === 'self' ? currentUser() : await existingUser(who)
  const states = parseStates(flags.state)
  const since = sinceOf(flags)
  const { loadConfig } = await import('../core/config.js')
  const keepDays = loadConfig().settings.keepDays
  const filter = { user, states, since, keepDays,
    ...(flags.name !== undefined ? { name: String(flags.name) } : {}), ...(flags.partition !== undefined ? { partition: String(flags.partition) } : {}) }
  const names = await backendsToList(flags.qtype as string | undefined, since)
  let code: ExitCode = EXIT.ok
  const lists = await Promise.all(names.map(async (name) => {
    const backend = await loadBackend(name)
    try {
      return (await new Queue(backend).list(filter)).map((j): JobStatus & { qtype: string } => ({ ...j, qtype: name }))
    } catch (e) {
      if (names.length === 1) throw e
      // one system that cannot be asked does not hide the others' jobs
      warn(`pcluster: cannot list the jobs of ${backend.title}: ${(e as Error).message}`)
      code = EXIT.failed
      return []
    }
  }))
  const jobs = lists.flat()
  if (flags.json) json(jobs)
  else if (!jobs.length) out('no jobs')
  else await table(['ID', 'NAME', 'USER', 'QTYPE', 'PARTITION', 'STATE', 'EXIT', 'REASON', 'NODES', 'CORES'],
    jobs.map((j) => [j.id, j.name, j.user, j.qtype, j.partition, j.state, j.exitCode,
      reasonColumn(j), j.nodes || j.nodeCount, j.cores]))
  return code
}

/** Why a job waits, or, for a job that did not succeed, why not (the same words `wait` prints). */
function reasonColumn(j: JobStatus): string {
  if (j.state === 'completed') return ''
  if (isFinal(j.state)) return describeFailure(j)
  return j.reason === 'None' ? '' : j.reason
}
