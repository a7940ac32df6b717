// `queue`: jobs not ended, and those that ended since the time asked (by default the last day).
import type { Handler } from './context.js'
import { toStatus } from '../view.js'

export const queue: Handler<'queue'> = ({ since }, { store }) => {
  const from = since === null ? undefined : since === undefined ? new Date(Date.now() - 86400_000) : new Date(since)
  return { type: 'statuses', jobs: store.recent(from).map(toStatus) }
}
