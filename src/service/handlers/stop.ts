// `stop`: answers, then leaves; running jobs keep running and queued ones stay queued for the next daemon.
import type { Handler } from './context.js'

export const stop: Handler<'stop'> = (_req, { send, socket, stop: leave }) => {
  send({ type: 'stopping' }) // before leaving: the client waits for this answer
  socket.end()
  leave()
}
