// Grid Engine's job ids: 123, or an array task 123.4 (qstat/qacct of SGE 8.1.9 print the task apart; pcluster writes JOB.TASK).
import type { JobIdGrammar } from '../types.js'

const SGE_ID = /^(\d+)(?:\.(\d+))?$/

export const ids: JobIdGrammar = {
  parse: (text) => {
    const id = text.trim()
    return SGE_ID.test(id) ? id : undefined
  },
  split: (id) => {
    const m = SGE_ID.exec(id)
    return m?.[2] === undefined ? { id } : { id: m[1]!, task: m[2] }
  },
  taskId: (ref) => `${ref.id}.${ref.task}`,
  examples: '1234 or 1234.5 (an array task)',
}

/** The job part of an id (`-hold_jid` and qdel take job numbers). */
export function jobNumber(id: string): string {
  return id.split('.')[0]!
}
