// `pcluster wait`: block until jobs end, showing counts by state (a spinner on a terminal, plain lines
// otherwise); one line per job that did not succeed; exit 0 only when all completed with exit 0.
import { Queue, type WaitProgress } from '../core/queue.js'
import { UsageError } from '../core/errors.js'
import { describeFailure, isFinal, type JobStatus } from '../core/states.js'
import { EXIT, exitForStatuses, type ExitCode } from './exit.js'
import { resolveJobIds, type IdGroup } from './jobids.js'
import { json, say, warn } from './output.js'

export async function run(words: string[], flags: Record<string, unknown>): Promise<ExitCode> {
  const timeoutMs = flags.timeout === undefined ? undefined : parseDuration(String(flags.timeout))
  const groups = await resolveJobIds(words, 'wait', flags.qtype as string | undefined)
  const signal = timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs)
  const statuses = await finish(groups, { quiet: !!flags.quiet, signal })
  if (flags.json) json(statuses)
  const open = statuses.filter((s) => !isFinal(s.state))
  if (signal?.aborted && open.length) {
    warn(`pcluster: gave up waiting after ${flags.timeout}: ${open.length} of ${statuses.length} job${statuses.length === 1 ? '' : 's'}` +
      ` not ended (${open.map((s) => `${s.id} ${s.state}`).join(', ')}), left as they are`)
    return EXIT.timedOut
  }
  return exitForStatuses(statuses)
}

const UNIT_MS: Record<string, number> = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** A duration as timeout(1) reads one: a number of seconds, or with s, m, h or d; 0 means no limit. */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d*)?|\.\d+)([smhd]?)\s*$/.exec(text)
  if (!m) throw new UsageError('BAD_VALUE', `invalid value ${JSON.stringify(text)} for --timeout`, {
    hint: '--timeout takes seconds (30, 2.5) or a number with s, m, h or d (90s, 10m, 2h, 1d), as timeout(1); 0 waits without limit',
  })
  const ms = Math.round(Number(m[1]) * UNIT_MS[m[2]!]!)
  return ms > 0 ? ms : undefined
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
    const spinner = ora({ text: `waiting on ${total} job${total === 1 ? '' : 's'}`, stream: process.stderr, discardStdin: false }).start()
    show = (text) => { spinner.text = text }
    stop = () => spinner.stop()
  } else if (!opts.quiet) {
    let lastLine = ''
    show = (line) => {
      if (line !== lastLine) say(line)
      lastLine = line
    }
  }
  let results: JobStatus[][]
  try {
    results = await Promise.all(groups.map((g, i) => new Queue(g.backend).wait(g.ids, {
      onProgress: show && ((p) => { latest[i] = p; show!(summary(latest)) }),
      ...(opts.signal ? { signal: opts.signal } : {}),
    })))
  } finally {
    stop()
  }
  const statuses = results.flat()
  for (const s of statuses) {
    if (s.state === 'completed' || !isFinal(s.state)) continue
    warn(`pcluster: job ${s.id}${s.name ? ` (${s.name})` : ''} ${describeFailure(s)}`)
  }
  return statuses
}
