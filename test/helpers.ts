// Shared test helpers: a private environment per test (config, state dir, work dir), running the built CLI,
// polling with a deadline instead of sleeping, and jobs held until the test releases them.
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const BIN = join(ROOT, 'bin', 'pcluster.cjs')
export const FIXTURES = join(ROOT, 'test', 'fixtures')

export interface TestEnv {
  dir: string
  config: string
  state: string
  env: NodeJS.ProcessEnv
}

/** A fresh folder with its own config file and XDG state dir; nothing reads the user's own config. */
export function testEnv(extra: NodeJS.ProcessEnv = {}): TestEnv {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'pcluster-test-')))
  const config = join(dir, 'config.ini')
  const state = join(dir, '.state')
  const env = { ...process.env, PCLUSTER_CONFIG: config, XDG_STATE_HOME: state, PCLUSTER_QTYPE: '', ...extra }
  return { dir, config, state, env }
}

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Starts a program (stdin: `input`, else empty): `soFar()` is its output up to now, `done` its end. */
export function start(file: string, args: string[], opts: { env: NodeJS.ProcessEnv; cwd: string; input?: string }):
  { soFar: () => CliResult; done: Promise<CliResult> } {
  const child = spawn(file, args, { cwd: opts.cwd, env: opts.env, stdio: ['pipe', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
  child.stdin.end(opts.input ?? '')
  return { soFar: () => ({ code: child.exitCode, stdout, stderr }), done }
}

/** Runs a program to its end, with its output collected (stdin: `input`, else empty). */
export function collect(file: string, args: string[], opts: { env: NodeJS.ProcessEnv; cwd: string; input?: string }): Promise<CliResult> {
  return start(file, args, opts).done
}

/** Runs the built CLI. */
export function cli(args: string[], opts: { env: NodeJS.ProcessEnv; cwd: string; input?: string }): Promise<CliResult> {
  return collect(process.execPath, [BIN, ...args], opts)
}

/** Polls until check returns a value (not undefined), or fails after timeoutMs. */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const v = await check()
    if (v !== undefined) return v
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

/**
 * A shell command that holds a job until the test lets it go, never for a time: it creates `NAME.started` in
 * the job's folder, then waits for `NAME.go` (release()). Append `; exit 3` and the like for how it ends.
 */
export const held = (name: string) => `touch ${name}.started; until [ -e ${name}.go ]; do sleep 0.05; done`

/** Resolves once the job holding on `name` (held()) in folder `dir` has started; fails after a minute. */
export const started = (dir: string, name: string) =>
  eventually(() => (existsSync(join(dir, `${name}.started`)) ? true : undefined), 60_000, `the job held as ${name} to start`)

/** Lets the job holding on `name` (held()) in folder `dir` go on. */
export const release = (dir: string, name: string) => writeFileSync(join(dir, `${name}.go`), '')

/**
 * describe(), but a suite skipped for a reason (no test Slurm here) is registered as one skipped test of its name:
 * node 20 leaves a skipped describe() out of the `skipped` count of its closing summary, where a run that skipped
 * the Slurm tests would then read as complete. test/run.sh prints each skipped one's reason after the summary.
 */
export function suite(name: string, opts: { skip?: false | string; concurrency?: boolean }, fn: () => void): void {
  if (opts.skip) it(name, { skip: opts.skip }, () => {})
  else describe(name, opts, fn)
}

/** Knows the project's own test Slurm and tells it from any other (`conf`, `check`, `stop-controller`). */
export const OURS_SH = join(ROOT, 'test', 'integration', 'slurm', 'ours.sh')

/**
 * Set by test/run.sh (gate.sh) once the Slurm answering at SLURM_CONF is recognised as the project's own test
 * Slurm; every spawn inherits that SLURM_CONF, so sbatch, squeue and scancel reach it and no other. A bare
 * PCLUSTER_TEST_SLURM=1 without that SLURM_CONF could point the tests at a site's Slurm: it counts for nothing.
 */
export const HAVE_SLURM = process.env.PCLUSTER_TEST_SLURM === '1'
  && process.env.SLURM_CONF === execFileSync('bash', [OURS_SH, 'conf'], { encoding: 'utf8' }).trim()

/** Why the Slurm tests are skipped, for their `skip` option. */
export const NO_SLURM = 'not the project\'s test Slurm (test/run.sh starts and recognises it as root; the tests never touch another Slurm)'

/** Runs a bash script with `pcluster` on PATH (the built CLI), as a user's pipeline would. */
export function bash(script: string, opts: { env: NodeJS.ProcessEnv; cwd: string }): Promise<CliResult> {
  const bin = join(opts.env.XDG_STATE_HOME ?? opts.cwd, 'test-bin')
  mkdirSync(bin, { recursive: true })
  writeFileSync(join(bin, 'pcluster'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, { mode: 0o755 })
  return collect('bash', ['-euo', 'pipefail', '-c', script], { cwd: opts.cwd, env: { ...opts.env, PATH: `${bin}:${opts.env.PATH ?? ''}` } })
}
