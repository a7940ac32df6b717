// `pcluster local status|start|stop`: the local queue daemon itself.
import { ask, connectDaemon } from '../backends/local/client.js'
import { localPaths } from '../backends/local/paths.js'
import { EXIT, type ExitCode } from './exit.js'
import { json, out, say } from './output.js'

export async function status(flags: Record<string, unknown>): Promise<ExitCode> {
  const socket = await connectDaemon({ start: false })
  if (!socket) {
    const paths = localPaths()
    if (flags.json) json({ running: false, store: paths.store, socket: paths.socket })
    else out(`not running (store ${paths.store}); the next pcluster command that needs it starts it`)
    return EXIT.failed
  }
  socket.destroy()
  const { info } = await ask({ type: 'info' }, 'info', { start: false })
  if (flags.json) {
    json({ running: true, ...info })
    return EXIT.ok
  }
  const counts = Object.entries(info.counts).map(([s, n]) => `${n} ${s}`).join(', ') || 'no jobs'
  out(`running: pid ${info.pid}, pcluster ${info.version}, since ${info.startedAt}\n` +
    `cores ${info.cores}, memory ${info.mem} MB\nstore ${info.store}\nsocket ${info.socket}\njobs: ${counts}`)
  return EXIT.ok
}

export async function start(): Promise<void> {
  const { info } = await ask({ type: 'info' }, 'info')
  say(`local queue daemon running: pid ${info.pid}`)
}

export async function stop(): Promise<void> {
  const socket = await connectDaemon({ start: false })
  if (!socket) return say('the local queue daemon was not running')
  socket.destroy()
  await ask({ type: 'stop' }, 'stopping', { start: false })
  say('local queue daemon stopped; queued jobs stay queued, running jobs keep running')
}
