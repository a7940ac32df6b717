// `cancel`: says which ids it cancelled, which it does not know and which had already ended.
import type { Handler } from './context.js'

export const cancel: Handler<'cancel'> = ({ ids }, { loop }) => {
  const { cancelled, unknown, ended } = loop.cancel(ids)
  return { type: 'cancelled', ids: cancelled, unknown, ended }
}
