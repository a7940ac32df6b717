// Writing data to stdout (tables, JSON, lines) and messages to stderr; cli-table3 loads only to draw a table.
import { writeSync } from 'node:fs'
import { PclusterError, UsageError } from '../core/errors.js'
import { getLogLevel, logs } from '../core/log.js'

let streaming = false
let guarded = false
/** The reader of stdout went away (EPIPE): what is left to print is dropped, and the exit code stays the command's. */
let readerGone = false

/** Where a small write goes (descriptor 1); a test may put something else here. Answers the bytes written. */
export const direct = { write: (bytes: Uint8Array): number => writeSync(1, bytes) }

/**
 * process.stdout, with a reader that went away (`pcluster queue | head`) taken quietly: the rest of the output
 * is dropped and the command runs to its end, so that its exit code still comes from exit.ts's table (exiting
 * here, before the command had said how it went, made `pcluster wait --json FAILED | true` exit 0).
 */
export function stdout(): NodeJS.WriteStream {
  if (!guarded) {
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') readerGone = true
    })
    guarded = true
  }
  return process.stdout
}

/**
 * Data on stdout. A small write goes straight to descriptor 1: making process.stdout costs ~2.5 ms of a start,
 * more than printing a job id is worth. A large one, or the rest once the descriptor says "not now" (EAGAIN on
 * a non-blocking pipe), goes through process.stdout, and so does everything after it, in order.
 */
export function out(text: string): void {
  if (readerGone) return
  let line = Buffer.from(text.endsWith('\n') ? text : `${text}\n`)
  if (!streaming && line.length <= 16384) {
    try {
      while (line.length) line = line.subarray(direct.write(line))
      return
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      if (code === 'EPIPE') {
        readerGone = true
        return
      }
      if (code !== 'EAGAIN')
        throw new PclusterError('STDOUT_UNWRITABLE', `cannot write to standard output: ${(e as Error).message}`, {
          hint: 'what was asked was done all the same (a submit was submitted: pcluster queue lists it)',
        })
    }
  }
  streaming = true
  stdout().write(line)
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

/** Up to this many rows a table is drawn with borders (cli-table3); beyond, plain columns are streamed. */
export const DRAWN_ROWS = 200

/**
 * Writes a table to stdout: drawn with cli-table3 for a screenful, else as plain aligned columns written a
 * chunk at a time, as a scheduler's own listing is printed (cli-table3 took seconds for a few thousand rows).
 */
export async function table(head: string[], rows: (string | number | null)[][]): Promise<void> {
  const cells = rows.map((r) => r.map((c) => (c === null ? '' : String(c).replace(/\s*\n\s*/g, ' '))))
  if (cells.length <= DRAWN_ROWS) {
    const { default: Table } = await import('cli-table3')
    const t = new Table({ head, style: { head: [], border: [], compact: true } })
    for (const r of cells) t.push(r)
    return out(t.toString())
  }
  const widths = head.map((h, i) => cells.reduce((w, r) => Math.max(w, r[i]!.length), h.length))
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd()
  let chunk = `${line(head)}\n`
  for (let i = 0; i < cells.length; i++) {
    chunk += `${line(cells[i]!)}\n`
    if (readerGone) return
    if (chunk.length > 64 * 1024 || i === cells.length - 1) {
      streaming = true // after these, out() must not pass them by
      stdout().write(chunk)
      chunk = ''
    }
  }
}

/** Parses --max-queue-len. */
export function maxQueueLen(value: unknown): number | undefined {
  if (value === undefined) return undefined
  const s = String(value)
  if (!/^\d+$/.test(s) || !Number.isSafeInteger(Number(s)))
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
