// The local queue daemon's process entry, the only place it prints or exits: started detached by the first
// pcluster command that needs it. Its stdout/stderr go to daemon.log beside the store; a fatal error is its last line there.
import { availableParallelism, totalmem } from 'node:os'
import { chmodSync } from 'node:fs'
import { loadConfig } from '../core/config.js'
import { PclusterError } from '../core/errors.js'
import { localSettings } from '../backends/local/config.js'
import { findGpus } from './runner/gpus.js'
import { Daemon } from './server.js'
import { lostNotice } from '../backends/local/lost.js'
import { localPaths } from '../backends/local/paths.js'

/** Slurm's KillWait is 30 s; a job's own cleanup on SIGTERM rarely needs more than a few seconds. */
const STOP_GRACE_MS = 10_000

const fatal = (e: unknown) => {
  console.error(`${new Date().toISOString()} fatal: ${(e as Error)?.stack ?? String(e)}`)
  process.exit(1)
}
process.on('uncaughtException', fatal)
process.on('unhandledRejection', fatal)

try {
  const local = localSettings(loadConfig())
  const paths = localPaths()
  chmodSync(paths.dir, 0o700)
  // --threads of the command that started us, else [local] cores, else the seed's threads in the default profile
  const cores = Number(process.env.PCLUSTER_LOCAL_CORES) || local.cores || availableParallelism()
  // once: a GPU added or freed later is the daemon's only after a restart, as a node's are Slurm's
  const found = findGpus()
  const daemon = new Daemon({
    capacity: { cores, mem: local.mem ?? Math.floor(totalmem() / 1024 / 1024), gpus: found.gpus },
    gpuSource: found.source,
    idleMs: local.idleSeconds * 1000,
    configured: { cores: local.cores ?? null, mem: local.mem ?? null },
    // the tests shorten it, to see the SIGKILL that follows
    stopGraceMs: Number(process.env.PCLUSTER_LOCAL_STOP_GRACE_MS) || STOP_GRACE_MS,
    ...(local.keepDays ? { keepMs: local.keepDays * 86400_000 } : {}),
  }, paths)
  await daemon.start()
  process.on('SIGTERM', () => void daemon.stop())
  process.on('SIGINT', () => void daemon.stop())
  console.log(`${new Date().toISOString()} pcluster local queue daemon ${process.pid} serving ${paths.socket}`)
  if (daemon.lost) console.error(`${new Date().toISOString()} warning: ${lostNotice(daemon.lost, paths.store)}`)
  await daemon.done
  process.exit(0)
} catch (e) {
  // the message alone, and the error's code: the client shows this last line to the user, as that error
  const code = e instanceof PclusterError ? ` (${e.code})` : ''
  console.error(`${new Date().toISOString()} fatal${code}: ${(e as Error).message}`)
  process.exit(1)
}
