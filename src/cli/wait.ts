// `pcluster wait`: block until jobs end, showing counts by state (a spinner on a terminal, plain lines
// otherwise); one line per job that did not succeed; exit 0 only when all completed with exit 0.
import { chainBreak } from '../core/chainbreak.js'
import { Queue, type WaitProgress } from '../core/queue.js'
import { UsageError } from '../core/errors.js'
import { MAX_TIME_SECONDS } from '../core/options.js'
import { describeFailure, isFinal, type JobStatus } from '../core/states.js'
import { EXIT, exitForStatuses, type ExitCode } from './exit.js'
import { resolveJobIds, type IdGroup } from './jobids.js'
import { json, say, warn } from './output.js'
import { count } from './words.js'

export async function run(words: string[], flags: Record<string, unknown>): Promise<ExitCode> {
  const timeoutMs = flags.timeout === undefined ? undefined : parseDuration(String(flags.timeout))
  const groups = await resolveJobIds(words, 'wait', flags.qtype as string | undefined)
  const timer = timeoutMs === undefined ? undefined : longTimeout(timeoutMs)
  let statuses: JobStatus[]
  try {
    statuses = await finish(groups, { quiet: !!flags.quiet, ...(timer ? { signal: timer.signal } : {}) })
  } finally {
    timer?.clear()
  }
  if (flags.json) json(statuses)
  const open = statuses.filter((s) => !isFinal(s.state))
  if (timer?.signal.aborted && open.length) {
    warn(`pcluster: gave up waiting after ${spokenDuration(timeoutMs!)}: ${open.length} of ${count(statuses.length, 'job')}` +
      ` not ended (${open.map((s) => `${s.id} ${s.state}`).join(', ')}), left as they are`)
    return EXIT.timedOut
  }
  return exitForStatuses(statuses)
}

const UNIT_MS: Record<string, number> = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** The longest --timeout taken: as long as the longest --time (options.ts), beyond which a wait is surely a slip. */
export const MAX_TIMEOUT_MS = MAX_TIME_SECONDS * 1000

const TIMEOUT_FORMS = '--timeout takes seconds (30, 2.5) or a number with s, m, h or d (90s, 10m, 2h, 1d), as timeout(1), ' +
  `up to ${MAX_TIME_SECONDS / 86400} days; 0 waits without limit`

/** A duration as timeout(1) reads one: a number of seconds, or with s, m, h or d; 0 means no limit. */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d*)?|\.\d+)([smhd]?)\s*$/.exec(text)
  if (!m) throw new UsageError('BAD_VALUE', `invalid value ${JSON.stringify(text)} for --timeout`, { hint: TIMEOUT_FORMS })
  const ms = Math.round(Number(m[1]) * UNIT_MS[m[2]!]!)
  if (!(ms <= MAX_TIMEOUT_MS))
    throw new UsageError('BAD_VALUE', `--timeout ${text.trim()} is longer than the longest wait pcluster takes (${MAX_TIME_SECONDS / 86400} days)`, { hint: TIMEOUT_FORMS })
  return ms > 0 ? ms : undefined
}

/** Node's timers wait at most 2^31-1 ms (24.8 days): a longer time is waited out in pieces. */
const MAX_TIMER_MS = 2 ** 31 - 1

/** An AbortSignal that fires after `ms`, however long (AbortSignal.timeout refuses more than 49.7 days, setTimeout 24.8). */
export function longTimeout(ms: number, maxTimerMs = MAX_TIMER_MS): { signal: AbortSignal; clear: () => void } {
  const ac = new AbortController()
  const end = Date.now() + ms
  let t: NodeJS.Timeout | undefined
  const arm = () => {
    const left = end - Date.now()
    if (left <= 0) return ac.abort(new DOMException('wait --timeout ran out', 'TimeoutError'))
    t = setTimeout(arm, Math.min(left, maxTimerMs))
  }
  arm()
  return { signal: ac.signal, clear: () => clearTimeout(t) }
}

/** A duration in words with its unit (`90 seconds`, `2.5 hours`, `50 days`), for messages. */
export function spokenDuration(ms: number): string {
  const [n, unit] = ms % 86_400_000 === 0 ? [ms / 86_400_000, 'day'] : ms % 3_600_000 === 0 ? [ms / 3_600_000, 'hour']
    : ms % 60_000 === 0 ? [ms / 60_000, 'minute'] : [ms / 1000, 'second']
  return `${n} ${unit}${n === 1 ? '' : 's'}`
}

function summary(parts: readonly WaitProgress[]): string {
  const counts = new Map<string, number>()
  for (const p of parts) for (const [state, n] of Object.entries(p.counts)) counts.set(state, (counts.get(state) ?? 0) + n!)
  const done = parts.reduce((a, p) => a + p.done, 0)
  const total = parts.reduce((a, p) => a + p.total, 0)
  const trouble = parts.map((p) => p.trouble).filter(Boolean).join('; ')
  return `${done}/${total} ended: ${[...counts].map(([s, n]) => `${n} ${s}`).join(', ')}${trouble ? ` [${trouble}]` : ''}`
}

/** Waits with progress output and prints why each unsuccessful job failed; the statuses in the order typed. */
export async function finish(groups: readonly IdGroup[], opts: { quiet?: boolean; signal?: AbortSignal } = {}): Promise<JobStatus[]> {
  const latest: WaitProgress[] = groups.map((g) => ({ counts: { pending: g.ids.length }, done: 0, total: g.ids.length }))
  let show: ((text: string) => void) | undefined
  let stop = () => {}
  const total = latest.reduce((a, p) => a + p.total, 0)
  // a terminal of zero columns (a pseudo-terminal nobody sized, as `script` makes) would send ora's line
  // arithmetic into an endless loop: plain lines there
  if (!opts.quiet && process.stderr.isTTY && (process.stderr.columns ?? 0) > 0) {
    const { default: ora } = await import('ora')
    // discardStdin off: ora would otherwise put a terminal's stdin in raw mode and read it, which stops a
    // background job (SIGTTIN) and, on a closed pseudo-terminal, spins
    const spinner = ora({ text: `waiting on ${count(total, 'job')}`, stream: process.stderr, discardStdin: false }).start()
    show = (text) => { spinner.text = text }
    stop = () => spinner.stop()
  } else if (!opts.quiet) {
    let lastLine = ''
    show = (line) => {
      if (line !== lastLine) say(line)
      lastLine = line
    }
  }
  const queues = groups.map((g) => new Queue(g.backend))
  let results: JobStatus[][]
  try {
    results = await Promise.all(groups.map((g, i) => queues[i]!.wait(g.ids, {
      onProgress: show && ((p) => { latest[i] = p; show!(summary(latest)) }),
      ...(opts.signal ? { signal: opts.signal } : {}),
    })))
  } finally {
    stop()
  }
  for (const [i, list] of results.entries()) {
    const known = new Map(list.map((s) => [s.id, s]))
    for (const s of list) {
      if (s.state === 'completed' || !isFinal(s.state)) continue
      warn(`pcluster: ${jobWords(s)} ${describeFailure(s)}${await whereItBroke(queues[i]!, s, known)}`)
    }
  }
  return results.flat()
}

const jobWords = (s: JobStatus) => `job ${s.id}${s.name ? ` (${s.name})` : ''}`

/**
 * For a job that will never run: the job where its chain broke (not merely the parent it names, which may
 * itself have been only never runnable) and that job's stderr file. Asking costs a call per link; a failure
 * to ask costs only this addition to the message.
 */
async function whereItBroke(queue: Queue, s: JobStatus, known: Map<string, JobStatus>): Promise<string> {
  const found = await chainBreak(queue, s, known).catch(() => undefined)
  if (!found) return ''
  const b = found.status
  const see = found.err ? `; its stderr is in ${found.err}` : ''
  return found.between > 0 || b.id !== s.blockedBy
    ? `; the chain broke at ${jobWords(b)}, which ${describeFailure(b)}${see}`
    : `; ${jobWords(b)} ${describeFailure(b)}${see}`
}
