// Writing data to stdout (tables, JSON, lines) and messages to stderr; cli-table3 loads only to draw a table.
import { UsageError } from '../core/errors.js'

export function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`)
}

export function say(text: string): void {
  process.stderr.write(text.endsWith('\n') ? text : `${text}\n`)
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
