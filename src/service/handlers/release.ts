// `release`: lets held jobs start; a job that was not held is no error (as scontrol release), an unknown id is said.
import type { Handler } from './context.js'

export const release: Handler<'release'> = ({ ids }, { loop }) => {
  const { released, unknown } = loop.release(ids)
  return { type: 'released', ids: released, unknown }
}
