// Slurm's job ids: 1234, an array task 1234_5, a heterogeneous component 1234+1 (sbatch 22.05 man page, "JOB ID").
import type { JobIdGrammar } from '../types.js'

const SLURM_ID = /^(\d+)(?:_(\d+)|\+\d+)?$/

export const ids: JobIdGrammar = {
  parse: (text) => {
    const id = text.trim()
    return SLURM_ID.test(id) ? id : undefined
  },
  // a heterogeneous component is a job of its own, not a task: `1234+1` stays whole
  split: (id) => {
    const m = SLURM_ID.exec(id)
    return m?.[2] === undefined ? { id } : { id: m[1]!, task: m[2] }
  },
  taskId: (ref) => `${ref.id}_${ref.task}`,
  examples: '1234, 1234_5 (an array task) or 1234+1',
}
