// `pcluster wait`: block until jobs end, showing counts by state (a spinner on a terminal, plain lines
// otherwise); one line per job that did not succeed; exit 0 only when all completed with exit 0.
import type { Backend } from '../backends/types.js'
import { detectQType, loadBackend } from '../backends/index.js'
import { Queue, type WaitProgress } from '../core/queue.js'
import { describeFailure, type JobStatus } from '../core/states.js'
import { parseJobIds } from './jobids.js'
import { json, say } from './output.js'

export async function run(words: string[], flags: Record<string, unknown>): Promise<void> {
  const ids = parseJobIds(words, 'wait')
  const backend = await loadBackend(await detectQType(flags.qtype as string | undefined))
  const statuses = await finish(backend, ids, { quiet: !!flags.quiet })
  if (flags.json) json(statuses)
}

function summary(p: WaitProgress): string {
  const parts = Object.entries(p.counts).map(([state, n]) => `${n} ${state}`)
  return `${p.done}/${p.total} ended: ${parts.join(', ')}${p.trouble ? ` [${p.trouble}]` : ''}`
}

/** Waits with progress output, prints why each unsuccessful job failed, and sets the exit code. */
export async function finish(backend: Backend, ids: readonly string[], opts: { quiet?: boolean } = {}): Promise<JobStatus[]> {
  const queue = new Queue(backend)
  let onProgress: ((p: WaitProgress) => void) | undefined
  let stop = () => {}
  // a terminal of zero columns (a pseudo-terminal nobody sized, as `script` makes) would send ora's line
  // arithmetic into an endless loop: plain lines there
  if (!opts.quiet && process.stderr.isTTY && (process.stderr.columns ?? 0) > 0) {
    const { default: ora } = await import('ora')
    // discardStdin off: ora would otherwise put a terminal's stdin in raw mode and read it, which stops a
    // background job (SIGTTIN) and, on a closed pseudo-terminal, spins
    const spinner = ora({ text: `waiting on ${ids.length} job${ids.length === 1 ? '' : 's'}`, stream: process.stderr, discardStdin: false }).start()
    onProgress = (p) => { spinner.text = summary(p) }
    stop = () => spinner.stop()
  } else if (!opts.quiet) {
    let lastLine = ''
    onProgress = (p) => {
      const line = summary(p)
      if (line !== lastLine) say(line)
      lastLine = line
    }
  }
  let statuses: JobStatus[]
  try {
    statuses = await queue.wait(ids, { onProgress })
  } finally {
    stop()
  }
  let failed = false
  let unknown = false
  for (const s of statuses) {
    if (s.state === 'completed') continue
    if (s.state === 'unknown') unknown = true
    else failed = true
    say(`pcluster: job ${s.id}${s.name ? ` (${s.name})` : ''} ${describeFailure(s)}`)
  }
  process.exitCode = failed ? 1 : unknown ? 3 : 0
  return statuses
}
