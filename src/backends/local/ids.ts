// The local queue's job ids: the daemon's counter, a whole number. It runs no arrays yet: a task's id would be
// `12[7]` (pcluster's own task syntax, taskId), which parse refuses until the daemon knows tasks.
import type { JobIdGrammar } from '../types.js'

const LOCAL_ID = /^\d+$/

export const ids: JobIdGrammar = {
  parse: (text) => (LOCAL_ID.test(text.trim()) ? text.trim() : undefined),
  split: (id) => ({ id }),
  taskId: (ref) => `${ref.id}[${ref.task}]`,
  examples: '12 or 12,13',
}
