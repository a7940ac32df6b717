// `pcluster local status|start|stop`: the local queue daemon itself. A stop sticks until `local start` or a submit.
import { ask, connectDaemon } from '../backends/local/client.js'
import { localSettings } from '../backends/local/config.js'
import { driftNotice } from '../backends/local/drift.js'
import { lostNotice } from '../backends/local/lost.js'
import { localPaths } from '../backends/local/paths.js'
import { isStopped, markStopped } from '../backends/local/stopped.js'
import type { DaemonInfo } from '../service/protocol.js'
import { loadConfig } from '../core/config.js'
import { PclusterError } from '../core/errors.js'
import { EXIT, type ExitCode } from './exit.js'
import { json, out, say } from './output.js'

export async function status(flags: Record<string, unknown>): Promise<ExitCode> {
  const socket = await connectDaemon({ start: false })
  if (!socket) {
    const paths = localPaths()
    const stopped = isStopped(paths)
    if (flags.json) json({ running: false, stopped, store: paths.store, socket: paths.socket })
    else if (stopped) out(`stopped by pcluster local stop (store ${paths.store}); queued jobs wait until pcluster local start or a submit`)
    else out(`not running (store ${paths.store}); the next pcluster command that needs it starts it`)
    return EXIT.failed
  }
  socket.destroy()
  const { info } = await ask({ type: 'info' }, 'info', { start: false })
  const config = localSettings(loadConfig())
  const drift = info.configured && driftNotice({ cores: info.cores, mem: info.mem, configured: info.configured },
    { cores: config.cores ?? null, mem: config.mem ?? null })
  if (drift) say(`pcluster: ${drift}`)
  if (info.lost) say(`pcluster: ${lostNotice(info.lost, info.store)}`)
  if (flags.json) {
    json({ running: true, ...info })
    return EXIT.ok
  }
  const counts = Object.entries(info.counts).map(([s, n]) => `${n} ${s}`).join(', ') || 'no jobs'
  out(`running: pid ${info.pid}, pcluster ${info.version}, since ${info.startedAt}\n` +
    `cores ${info.cores}, memory ${info.mem} MB\n${gpuLine(info)}\nstore ${info.store}\nsocket ${info.socket}\njobs: ${counts}`)
  return EXIT.ok
}

/** The GPUs the daemon owns and how it found them. */
function gpuLine(info: DaemonInfo): string {
  const gpus = info.gpus ?? []
  const list = gpus.map((g) => (g.name ? `${g.id} (${g.name})` : g.id)).join(', ')
  return `gpus ${gpus.length ? `${list}, from ${info.gpuSource}` : `none: ${info.gpuSource}`}`
}

export async function start(): Promise<void> {
  const { info } = await ask({ type: 'info' }, 'info', { resume: true })
  say(`local queue daemon running: pid ${info.pid}`)
}

/**
 * Asks the daemon to stop, in its own protocol when it is an older one: `stop` is the same request in every
 * version, and stopping is what the daemon's refusal of our hello tells the user to do.
 */
async function stopAnyVersion(): Promise<void> {
  try {
    await ask({ type: 'stop' }, 'stopping', { start: false })
  } catch (e) {
    const theirs = e instanceof PclusterError && e.code === 'PROTOCOL' ? /speaks protocol (\d+)/.exec(e.message)?.[1] : undefined
    if (theirs === undefined) throw e
    await ask({ type: 'stop' }, 'stopping', { start: false, version: Number(theirs) })
  }
}

export async function stop(): Promise<void> {
  // first, so that nothing restarts it between its leaving and the marker
  markStopped(localPaths())
  const socket = await connectDaemon({ start: false })
  if (!socket) return say('the local queue daemon was not running; it stays stopped until pcluster local start or a submit')
  socket.destroy()
  await stopAnyVersion()
  say('local queue daemon stopped, until pcluster local start or a submit; queued jobs stay queued, running jobs keep running')
}
