// `stop`: answers, then leaves; running jobs keep running and queued ones stay queued for the next daemon.
import type { Handler } from './context.js'

export const stop: Handler<'stop'> = (_req, { stop: leave }) => {
  leave() // once the answer is out: the client waits for it
  return { type: 'stopping' }
}
