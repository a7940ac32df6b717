// Runs one external command and returns what it did as a value (exit code, signal, output), never throwing
// for a non-zero exit. node:child_process rather than execa: execa's import alone costs ~40 ms per pcluster
// start (shared/notes/dependencies.md), and pcluster runs at most a handful of short commands per call.
// node:child_process itself is loaded on the first command run: a local submit runs none, and loading it
// costs a few ms of every start.
import { log } from './log.js'
import { appendFileSync } from 'node:fs'

export interface CommandResult {
  argv: readonly string[]
  /** null when the command could not be started or was killed by a signal. */
  exitCode: number | null
  signal: string | null
  stdout: string
  stderr: string
  /** Set when the command could not be started at all (ENOENT, EACCES) or timed out. */
  error?: 'not_found' | 'not_started' | 'timed_out'
}

export interface RunOptions {
  timeoutMs?: number
  input?: string
  env?: NodeJS.ProcessEnv
  cwd?: string
}

const observers = new Set<(argv: readonly string[]) => void>()

/**
 * Calls `see` with the argv of every command run in this process from now on, as PCLUSTER_TRACE writes them
 * (the service's poller counts its scheduler calls so); returns the function that stops it.
 */
export function observeCommands(see: (argv: readonly string[]) => void): () => void {
  observers.add(see)
  return () => { observers.delete(see) }
}

/**
 * With PCLUSTER_TRACE=FILE, every command pcluster runs is appended to FILE, one line each (what a user
 * checks when asking "how often does pcluster ask the scheduler?"; bench/ counts them).
 */
function trace(argv: readonly string[]): void {
  for (const see of observers) see(argv)
  const file = process.env.PCLUSTER_TRACE
  if (file) appendFileSync(file, `${new Date().toISOString()} ${process.pid} ${argv.join(' ')}\n`)
}

export async function runCommand(argv: readonly string[], opts: RunOptions = {}): Promise<CommandResult> {
  trace(argv)
  const [file, ...args] = argv
  const { spawn } = await import('node:child_process')
  const started = Date.now()
  const done = (r: CommandResult): CommandResult => {
    log.debug(() => `ran ${argv.join(' ')}: ${r.error ?? (r.signal ? `signal ${r.signal}` : `exit ${r.exitCode}`)} in ${Date.now() - started} ms`)
    return r
  }
  return new Promise<CommandResult>((resolve) => {
    let stdout = ''
    let stderr = ''
    let timedOut = false
    const child = spawn(file!, args, {
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      env: opts.env ?? process.env,
      cwd: opts.cwd,
    })
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          timedOut = true
          child.kill('SIGKILL')
        }, opts.timeoutMs)
      : undefined
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    if (opts.input !== undefined) child.stdin!.end(opts.input)
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer)
      resolve(done({ argv, exitCode: null, signal: null, stdout, stderr: stderr || err.message,
        error: err.code === 'ENOENT' ? 'not_found' : 'not_started' }))
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve(done({ argv, exitCode: code, signal, stdout, stderr, ...(timedOut ? { error: 'timed_out' as const } : {}) }))
    })
  })
}

/** Whether an executable of that name is on PATH (no process started). */
export async function onPath(name: string): Promise<boolean> {
  const { access, constants } = await import('node:fs/promises')
  const { delimiter, join } = await import('node:path')
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue
    try {
      await access(join(dir, name), constants.X_OK)
      return true
    } catch { /* not here */ }
  }
  return false
}

/** POSIX shell single-quoting: the word survives any shell intact. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`
}
