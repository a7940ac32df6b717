// The tests' ways to catch the daemon at one exact step, set by environment variables of the command that
// starts it: as a SIGKILL (PCLUSTER_TEST_DAEMON_CRASH) or a SIGSTOP (PCLUSTER_TEST_DAEMON_STALL) would, but at
// that step and no other. Unset, each is one comparison.

/**
 * Dies at `point` of a job's start: `spawned` (its process made, its start not yet recorded) or `recorded`
 * (recorded, the process not yet let run).
 */
export function crashPoint(point: 'spawned' | 'recorded'): void {
  if (process.env.PCLUSTER_TEST_DAEMON_CRASH === point) process.kill(process.pid, 'SIGKILL')
}

/** Stops itself (SIGSTOP) at `point`: `submitted`, a job committed and its id not yet answered. */
export function stallPoint(point: 'submitted'): void {
  if (process.env.PCLUSTER_TEST_DAEMON_STALL === point) process.kill(process.pid, 'SIGSTOP')
}
