// Job ids of Torque and PBS Pro: `123.server`, array `123[].server`, task `123[4].server` (qsub prints the
// full id, qsub.1.in @6.1.3; qstat and qdel also take the numeric part, expanded with the default server).
import { recordedIds } from '../../core/ledger.js'
import type { JobIdGrammar, TaskRef } from '../types.js'

/** qsub's answer (the notes' regex): sequence number, optional array index, optional server part. */
export const PBS_ID = /^(\d+)(\[\d*\])?(?:\.([A-Za-z0-9][A-Za-z0-9.:_-]*))?$/

/** The numeric part with its array index: the one piece that names a job on its server. */
export function shortId(id: string): string {
  const m = PBS_ID.exec(id.trim())
  return m ? `${m[1]}${m[2] ?? ''}` : id.trim()
}

/** Whether two ids name the same job: the same numbers, and the same server when both say one. */
export function sameJob(a: string, b: string): boolean {
  const x = PBS_ID.exec(a.trim())
  const y = PBS_ID.exec(b.trim())
  if (!x || !y || x[1] !== y[1] || (x[2] ?? '') !== (y[2] ?? '')) return false
  return !x[3] || !y[3] || x[3] === y[3]
}

/**
 * The id in its normal form. A full id stays as it is. A short one (`123`) becomes the full id pcluster
 * recorded when qsub answered, if exactly one recorded job has that number; else it stays short. Guessing
 * the server part is not done: qsub prints the server's own name, which need not be the host in
 * $PBS_DEFAULT or server_name, so only qsub's answer (kept in the ledger) knows it. A short id that stays
 * short still works: qstat and qdel expand it, and status() matches answers to it by number.
 */
export function normaliseId(text: string, recorded: (short: string) => string[]): string | undefined {
  const id = text.trim()
  const m = PBS_ID.exec(id)
  if (!m) return undefined
  if (m[3]) return id
  const full = [...new Set(recorded(id))]
  if (full.length === 1) return full[0]
  // a task `123[7]`: pcluster recorded its array, `123[].server`, whose server the task shares
  const task = /^\[(\d+)\]$/.exec(m[2] ?? '')?.[1]
  if (task === undefined) return id
  const arrays = [...new Set(recorded(`${m[1]}[]`))]
  return arrays.length === 1 ? taskId({ id: arrays[0]!, task }) : id
}

/** An id taken apart: a task `123[7].server` into its array `123[].server` and its index; anything else whole. */
export function splitId(id: string): TaskRef {
  const m = PBS_ID.exec(id)
  const task = /^\[(\d+)\]$/.exec(m?.[2] ?? '')?.[1]
  return m && task !== undefined ? { id: `${m[1]}[]${m[3] ? `.${m[3]}` : ''}`, task } : { id }
}

/** The id of one task of an array `123[].server` (or `123[]`): `123[7].server`. */
function taskId(ref: Required<TaskRef>): string {
  return ref.id.replace('[]', `[${ref.task}]`)
}

/** The full ids in pcluster's ledger of this backend whose numeric part is `short`. */
function ledgerIds(backend: 'torque' | 'pbspro'): (short: string) => string[] {
  return (short) => recordedIds({ name: backend, idsPerHost: false }, { prefix: `${short}.` }).filter((id) => sameJob(id, short))
}

/** The ids pcluster submitted on this backend from this account since `since`. */
export function recentLedgerIds(backend: 'torque' | 'pbspro', since: Date): string[] {
  return recordedIds({ name: backend, idsPerHost: false }, { since })
}

export function idGrammar(backend: 'torque' | 'pbspro'): JobIdGrammar {
  return {
    parse: (text) => normaliseId(text, ledgerIds(backend)),
    split: splitId,
    taskId,
    examples: '123.server (or just 123), 123[4].server (an array task)',
  }
}
