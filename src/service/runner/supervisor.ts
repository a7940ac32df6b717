// The processes of the jobs the daemon runs: spawning one in its own session, and telling whether it (or
// anything left of its process group) still runs, across daemon restarts, by pid plus start time.
import { spawn, type ChildProcess } from 'node:child_process'
import { SCRIPT_RUNNER } from '../../core/jobscript.js'
import { closeSync, existsSync, openSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import type { Writable } from 'node:stream'
import { jobVariables, scriptFlavour } from '../../backends/local/script-env.js'
import type { LocalJob } from '../store.js'

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

/** Whether any process is in group `pgid` (EPERM: one is, of another user). */
function groupExists(pgid: number): boolean {
  try {
    process.kill(-pgid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * The processes of group `pgid` that are surely this job's: they carry its PCLUSTER_JOB_ID (every process of a
 * job inherits it). Once a group has drained, its id can be handed out again (after a reboot, say) to a
 * stranger's group: asking the kernel about the group alone would then see, and signal, those processes.
 * Another user's processes cannot be read, and cannot be the job's (the daemon runs as the job's user).
 */
export function jobGroupMembers(pgid: number, jobId: string): number[] {
  const mark = `PCLUSTER_JOB_ID=${jobId}\0`
  const members: number[] = []
  // no group of that id at all (the usual end of a job): no need to read every process of the machine
  if (!groupExists(pgid)) return members
  let pids: string[]
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d))
  } catch {
    return members
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) // fields after the name: state ppid pgrp
      if (pgrp === pgid && readFileSync(`/proc/${pid}/environ`, 'latin1').includes(mark)) members.push(Number(pid))
    } catch { /* gone, or not ours to read */ }
  }
  return members
}

/**
 * Whether any process of the job is left: its leader (pid and start time match), or another process of its
 * group that carries its job id.
 */
export function groupRuns(job: LocalJob): boolean {
  if (!job.pid) return false
  return leaderRuns(job) || jobGroupMembers(job.pid, job.id).length > 0
}

/** Signals the job's whole process group, only while the group is surely the job's (see jobGroupMembers). */
export function signalGroup(job: LocalJob, sig: NodeJS.Signals): void {
  if (!groupRuns(job)) return
  try {
    process.kill(-job.pid!, sig)
  } catch { /* the group is gone */ }
}

/**
 * The environment a job runs with: the submitter's, `extraEnv` (its GPUs), a submit-file script's own batch system
 * variables (read from the daemon's copy of it: the directives it was written with), and pcluster's own.
 */
function jobEnvironment(job: LocalJob, extraEnv: Record<string, string>): NodeJS.ProcessEnv {
  let own: Record<string, string> = {}
  if (job.wrap) {
    try {
      own = jobVariables(scriptFlavour(readFileSync(job.script, 'latin1')), job)
    } catch { /* no script to read: the job fails to start on that itself */ }
  }
  return { ...job.env, ...extraEnv, ...own, PCLUSTER_JOB_ID: job.id, PCLUSTER_CORES: String(job.cores), PCLUSTER_QTYPE: 'local' }
}

/**
 * Holds a job's process until the daemon, having recorded its pid, says `go` on its fd 3 (letRun). A daemon
 * killed before that closes it: the process then leaves a marker (unstartedMarker) and exits without running
 * the job, so the next daemon starts it again, knowing it never ran, and a job never runs twice. Not on stdin:
 * Node's pipes are sockets, and bash with a socket for stdin reads ~/.bashrc as if run by sshd.
 */
const GATE = 'IFS= read -r -u 3 go; if [ "$go" != go ]; then : > "$1"; exit 125; fi; shift; exec "$@" 3<&-'

/** Left by a job's process that was never let run (its daemon died first); beside its end record. */
export const unstartedMarker = (job: LocalJob) => `${job.end}.unstarted`

/** Whether the job's process was never let run: it left its marker. */
export function neverLetRun(job: LocalJob): boolean {
  return existsSync(unstartedMarker(job))
}

/** Lets a spawned job run, once its start is recorded. */
export function letRun(child: ChildProcess): void {
  const gate = child.stdio[3] as Writable | null
  gate?.on('error', () => undefined) // it died already: its exit says so
  gate?.end('go\n')
}

/**
 * Starts the job's process in its own session (so that it outlives the daemon and is signalled as a group),
 * `extraEnv` (its GPUs) over the submitter's environment, held until letRun; throws why not.
 */
export function spawnJob(job: LocalJob, extraEnv: Record<string, string> = {}): ChildProcess & { pid: number } {
  let out: number | undefined
  let err: number | undefined
  try {
    if (!statSync(job.cwd, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`its folder ${job.cwd} is gone`)
    // the submitter's umask, for the outputs opened here and every file the job creates: the child inherits
    // it at spawn, which forks at once, so the daemon's own is back before anything else runs
    const own = job.umask === null ? undefined : process.umask(job.umask)
    let child: ChildProcess
    try {
      out = openSync(job.out, 'w', 0o666)
      err = job.err === job.out ? out : openSync(job.err, 'w', 0o666)
      const argv = job.wrap ? ['bash', '-c', SCRIPT_RUNNER, 'pcluster-job', job.script, job.end, ...job.args] : ['bash', job.script]
      rmSync(job.end, { force: true }) // an end record left from an earlier run must not speak for this one
      rmSync(unstartedMarker(job), { force: true })
      child = spawn('bash', ['-c', GATE, 'pcluster-gate', unstartedMarker(job), ...argv], {
        cwd: job.cwd, detached: true, stdio: ['ignore', out, err, 'pipe'],
        env: jobEnvironment(job, extraEnv),
      })
    } finally {
      if (own !== undefined) process.umask(own)
    }
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
