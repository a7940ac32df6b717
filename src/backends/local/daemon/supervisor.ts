// The processes of the jobs the daemon runs: spawning one in its own session, and telling whether it (or
// anything left of its process group) still runs, across daemon restarts, by pid plus start time.
import { spawn, type ChildProcess } from 'node:child_process'
import { closeSync, openSync, readFileSync, rmSync, statSync } from 'node:fs'
import type { LocalJob } from './store.js'

/** The start time of a process (/proc/PID/stat field 22), or undefined when it is gone. */
export function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]
  } catch {
    return undefined
  }
}

/** Whether the process that started the job still runs: its pid and start time both match. */
export function leaderRuns(job: LocalJob): boolean {
  return !!job.pid && !!job.pidStart && processStart(job.pid) === job.pidStart
}

/**
 * Whether any process of the job's group is left. The group id is the leader's pid (its own session), and
 * Linux hands out no pid that is still some group's id, so this cannot see a stranger's processes.
 */
export function groupRuns(job: LocalJob): boolean {
  if (!job.pid) return false
  try {
    process.kill(-job.pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export function signalGroup(job: LocalJob, sig: NodeJS.Signals): void {
  try {
    process.kill(-job.pid!, sig)
  } catch { /* the group is gone */ }
}

/** Runs a script that does not write its own end record (submit-file), writing one for it. */
const WRAPPER = 'start=$(date +%s); if [ -x "$1" ]; then "$1"; else bash "$1"; fi; rc=$?; ' +
  `printf 'exit_code=%s\\nstart=%s\\nend=%s\\n' "$rc" "$start" "$(date +%s)" > "$2.tmp" && mv -f "$2.tmp" "$2"; exit $rc`

/** Starts the job in its own session (so that it outlives the daemon and is signalled as a group); throws why not. */
export function spawnJob(job: LocalJob): ChildProcess & { pid: number } {
  let out: number | undefined
  let err: number | undefined
  try {
    if (!statSync(job.cwd, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`its folder ${job.cwd} is gone`)
    out = openSync(job.out, 'w')
    err = job.err === job.out ? out : openSync(job.err, 'w')
    const argv = job.wrap ? ['bash', '-c', WRAPPER, 'pcluster-job', job.script, job.end] : ['bash', job.script]
    rmSync(job.end, { force: true }) // an end record left from an earlier run must not speak for this one
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: job.cwd, detached: true, stdio: ['ignore', out, err],
      env: { ...job.env, PCLUSTER_JOB_ID: job.id, PCLUSTER_CORES: String(job.cores), PCLUSTER_QTYPE: 'local' },
    })
    if (!child.pid) {
      child.once('error', () => undefined) // reported by the throw instead
      throw new Error('the job process did not start')
    }
    return child as ChildProcess & { pid: number }
  } finally {
    if (out !== undefined) closeSync(out)
    if (err !== undefined && err !== out) closeSync(err)
  }
}
