// Writing data to stdout (tables, JSON, lines) and messages to stderr; cli-table3 loads only to draw a table.
import { UsageError } from '../core/errors.js'
import { getLogLevel, logs } from '../core/log.js'

export function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`)
}

/** A message for the user on stderr (progress, notes, what was done): hidden by -q/--quiet (PCLUSTER_LOG=warn). */
export function say(text: string): void {
  if (logs('info')) process.stderr.write(stamped(text))
}

/** Something that went wrong or did not succeed (a job failed, an id unknown): shown unless PCLUSTER_LOG=error. */
export function warn(text: string): void {
  if (logs('warn')) process.stderr.write(stamped(text))
}

/** At debug, each line carries the time, as the debug lines do. */
function stamped(text: string): string {
  const line = text.endsWith('\n') ? text : `${text}\n`
  return getLogLevel() === 'debug' ? `${new Date().toISOString()} ${line}` : line
}

export function json(value: unknown): void {
  out(JSON.stringify(value, null, 2))
}

export async function table(head: string[], rows: (string | number | null)[][]): Promise<string> {
  const { default: Table } = await import('cli-table3')
  const t = new Table({ head, style: { head: [], border: [], compact: true } })
  for (const r of rows) t.push(r.map((c) => (c === null ? '' : String(c))))
  return t.toString()
}

/** Parses --max-queue-len. */
export function maxQueueLen(value: unknown): number | undefined {
  if (value === undefined) return undefined
  const s = String(value)
  if (!/^\d+$/.test(s))
    throw new UsageError('BAD_VALUE', `invalid value '${s}' for --max-queue-len`, { hint: '--max-queue-len accepts a whole number (0: no limit)' })
  return Number(s)
}

export function throttleNotice(): (count: number, max: number) => void {
  let said = false
  return (count, max) => {
    if (!said) say(`pcluster: ${count} of your jobs are pending or running (max_queue_len ${max}); waiting to submit`)
    said = true
  }
}
