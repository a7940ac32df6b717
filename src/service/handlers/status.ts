// `status`: the jobs asked for that the store has; an id it does not know is left out (the caller's unknown).
import type { Handler } from './context.js'
import { toStatus } from '../view.js'

export const status: Handler<'status'> = ({ ids }, { store }) => ({
  type: 'statuses', jobs: ids.flatMap((id) => store.get(id) ?? []).map(toStatus),
})
