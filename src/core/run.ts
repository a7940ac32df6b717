// python-cluster's run.py helpers for scripts: run a program and get its exit code and outputs (tried again on
// failure), and find a program on PATH.
import { writeFile } from 'node:fs/promises'
import { constants, accessSync, statSync } from 'node:fs'
import { delimiter, isAbsolute, join } from 'node:path'
import { runCommand } from './exec.js'

/** What cmd() ran into: the exit code (null: it could not start, or a signal ended it), stdout and stderr. */
export interface CmdResult {
  exitCode: number | null
  stdout: string
  stderr: string
}

/**
 * Runs a program with its arguments (no shell: each argument reaches it as given) and returns its exit code,
 * stdout and stderr (python-cluster's run.cmd). `stdout`/`stderr` also write those to files; `tries` runs it
 * again while it exits non-zero (at most that many times in all). A program that cannot start is exit code null
 * with the reason in stderr, never a throw.
 */
export async function cmd(command: string, args: readonly (string | number)[] = [],
  opts: { stdout?: string; stderr?: string; tries?: number; cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CmdResult> {
  const tries = Math.max(1, opts.tries ?? 1)
  let r = await runCommand([command, ...args.map(String)], { cwd: opts.cwd, env: opts.env })
  for (let i = 1; i < tries && r.exitCode !== 0; i++) r = await runCommand([command, ...args.map(String)], { cwd: opts.cwd, env: opts.env })
  if (opts.stdout) await writeFile(opts.stdout, r.stdout)
  if (opts.stderr) await writeFile(opts.stderr, r.stderr)
  return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr }
}

/** The path of an executable program: a path as given when it is one, else the first on PATH; null when none (python-cluster's run.which). */
export function which(program: string): string | null {
  const executable = (p: string) => {
    try {
      accessSync(p, constants.X_OK)
      return statSync(p).isFile()
    } catch {
      return false
    }
  }
  if (program.includes('/')) return executable(program) ? (isAbsolute(program) ? program : join(process.cwd(), program)) : null
  for (const dir of (process.env.PATH ?? '').split(delimiter)) if (dir && executable(join(dir, program))) return join(dir, program)
  return null
}
