// `queue`: jobs not ended, and those that ended in the last day.
import type { Handler } from './context.js'
import { toStatus } from '../view.js'

export const queue: Handler<'queue'> = (_req, { store, send }) => {
  send({ type: 'statuses', jobs: store.recent(new Date(Date.now() - 86400_000)).map(toStatus) })
}
