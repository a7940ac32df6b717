// `watch`: every state of these jobs pushed as it changes, then `end` once all have ended.
import type { Handler } from './context.js'

export const watch: Handler<'watch'> = ({ ids }, { watchers, socket }) => {
  watchers.add(ids, socket)
}
