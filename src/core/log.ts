// One log level for the CLI and the library: `PCLUSTER_LOG=debug|info|warn|error` (default info), the CLI's
// -v/--verbose (debug) and -q/--quiet (warn), the library's setLogLevel(). The core prints nothing itself: a
// face installs the sink (useLog); a library caller who installed nothing hears warnings and errors on
// stderr. At debug each line carries a timestamp and says what pcluster decided: the backend and why, the
// profile, the files, every command run (exec.ts) with its exit and duration.

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

/** Receives one finished line (prefix, timestamp, colour already applied) at a level at or above the current one. */
export type LogSink = (level: LogLevel, line: string) => void

const rank = (l: LogLevel) => LOG_LEVELS.indexOf(l)

/** PCLUSTER_LOG's level, or undefined when unset or not a level (envProblem says which). */
function fromEnv(): LogLevel | undefined {
  const v = process.env.PCLUSTER_LOG?.trim().toLowerCase()
  return (LOG_LEVELS as readonly string[]).includes(v ?? '') ? (v as LogLevel) : undefined
}

/** Why PCLUSTER_LOG is ignored, when it is set to something that is no level; undefined otherwise. */
export function envProblem(): string | undefined {
  if (!process.env.PCLUSTER_LOG?.trim() || fromEnv()) return undefined
  return `PCLUSTER_LOG=${process.env.PCLUSTER_LOG} is not a level (${LOG_LEVELS.join(', ')}): ignored`
}

let level: LogLevel = fromEnv() ?? 'info'
let sink: LogSink = (_, line) => process.stderr.write(`${line}\n`)

/** Sets the level (the CLI: -v/-q; a library caller: setLogLevel). */
export function setLogLevel(to: LogLevel): void {
  if (!(LOG_LEVELS as readonly string[]).includes(to))
    throw new TypeError(`log level must be one of ${LOG_LEVELS.join(', ')}, not ${JSON.stringify(to)}`)
  level = to
}

export function getLogLevel(): LogLevel {
  return level
}

/** Called by a face to say where lines go. */
export function useLog(to: LogSink): void {
  sink = to
}

/** Whether lines of this level are shown now (to skip building a costly one). */
export function logs(at: LogLevel): boolean {
  return rank(at) >= rank(level)
}

const COLOURS: Partial<Record<LogLevel, string>> = { debug: '\u001b[2m', warn: '\u001b[33m', error: '\u001b[31m' }

/** `pcluster: TEXT`, at debug with a timestamp and the level; the level coloured on a terminal (not with NO_COLOR). */
export function formatLine(at: LogLevel, text: string, tty = !!process.stderr.isTTY && !process.env.NO_COLOR): string {
  if (level !== 'debug') return `pcluster: ${text}`
  const word = tty && COLOURS[at] ? `${COLOURS[at]}${at}\u001b[0m` : at
  return `${new Date().toISOString()} pcluster ${word}: ${text}`
}

function emit(at: LogLevel, text: string | (() => string)): void {
  if (!logs(at)) return
  sink(at, formatLine(at, typeof text === 'function' ? text() : text))
}

/** A line another thread of this process formatted already (detectsync.ts), to the sink when its level is shown. */
export function logLine(at: LogLevel, line: string): void {
  if (logs(at)) sink(at, line)
}

export const log = {
  /** What pcluster decided, for whoever asks why (-v): a function is called only at debug. */
  debug: (text: string | (() => string)) => emit('debug', text),
  info: (text: string) => emit('info', text),
  warn: (text: string) => emit('warn', text),
  error: (text: string) => emit('error', text),
}
