// A private environment per local-queue test (its own config, state dir, so its own daemon), each daemon
// stopped when the test file ends.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after } from 'node:test'
import { bash, cli, testEnv, type TestEnv } from '../../helpers.js'

const envs: TestEnv[] = []
after(async () => { for (const t of envs) await cli(['local', 'stop'], { env: t.env, cwd: t.dir }) })

/** Stops this environment's daemon when the test file ends. */
export function stopAfterwards<T extends TestEnv>(t: T): T {
  envs.push(t)
  return t
}

/** A local queue of `cores` cores that leaves 5 s after going idle; `extra` is more config text. */
export function localEnv(cores = 2, extra = ''): TestEnv {
  const t = testEnv({ PCLUSTER_QTYPE: 'local' })
  writeFileSync(t.config, `[local]\ncores = ${cores}\nidle = 5\n${extra}`)
  return stopAfterwards(t)
}

/**
 * A one-core queue with job a running and job b queued behind it, then `local stop`: b stays queued. Job a
 * runs until the file `go` appears in the test's folder (releaseFirst): held by a sleep instead, it could end
 * before the stop reached the daemon on a loaded machine, and b would rightly start. Returns b's id.
 */
export async function stoppedWithOneQueued(t: TestEnv): Promise<string> {
  const r = await bash(`
    a=$(pcluster submit --parsable --name a 'until [ -e go ]; do sleep 0.05; done')
    b=$(pcluster submit --parsable --name b 'echo b')
    pcluster local stop
    echo "$a $b"`, { env: t.env, cwd: t.dir })
  if (r.code !== 0) throw new Error(`setting up a stopped queue failed: ${r.stderr}`)
  return r.stdout.trim().split(' ')[1]!
}

/** Lets job a of stoppedWithOneQueued end. */
export function releaseFirst(t: TestEnv): void {
  writeFileSync(join(t.dir, 'go'), '')
}

/** Runs fn with this environment's config and state as the process's own (the library reads them from there). */
export async function inEnv<T>(t: TestEnv, fn: () => Promise<T>): Promise<T> {
  const saved = { ...process.env }
  Object.assign(process.env, { PCLUSTER_CONFIG: t.config, XDG_STATE_HOME: t.state, PCLUSTER_QTYPE: '' })
  try {
    return await fn()
  } finally {
    process.env = saved
  }
}
