// Submission keys (`submit --key K`, `--once`): what makes a submission happen exactly once. Before the scheduler
// is asked, the key is recorded beside the ledger as pending; once the job has its id, the id goes with it. A
// submit whose answer was lost (a timeout, a killed submit command, no id in the answer) finds the job by the key
// written on it, and a later submit of the same key answers the job it already made.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { backendScope, stateDir } from './paths.js'

/** What is kept per key: the id once known, and when the submission was first tried. */
export interface KeyRecord {
  key: string
  /** Absent while the submission is pending (the scheduler asked, no id seen yet). */
  id?: string
  /** When the submission was first tried (ISO): the job, if made, was made after it. */
  since: string
}

type Scope = { name: string; idsPerHost: boolean }

/** A key as the user gave it is kept in a file named by its digest: any text is a key. */
async function fileOf(scope: Scope, key: string): Promise<string> {
  const { createHash } = await import('node:crypto')
  return join(stateDir('jobs', backendScope(scope), 'keys'), `${createHash('sha256').update(key).digest('hex')}.json`)
}

export async function readKey(scope: Scope, key: string): Promise<KeyRecord | undefined> {
  try {
    const rec = JSON.parse(readFileSync(await fileOf(scope, key), 'utf8')) as KeyRecord
    return rec.key === key ? rec : undefined
  } catch {
    return undefined
  }
}

export async function writeKey(scope: Scope, rec: KeyRecord): Promise<void> {
  writeFileSync(await fileOf(scope, rec.key), JSON.stringify(rec), { mode: 0o600 })
}

/**
 * The key `--once` gives a submission: the same command, options and folder make the same key, so that running
 * the same line again (a rerun pipeline) answers the job already made. A short digest: it is written on the job.
 */
export async function deriveKey(parts: { command: string; options: unknown; folder: string }): Promise<string> {
  const { createHash } = await import('node:crypto')
  const text = JSON.stringify([parts.command, sortKeys(parts.options), parts.folder])
  return `once-${createHash('sha256').update(text).digest('hex').slice(0, 32)}`
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys)
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, sortKeys(x)]))
  return v
}

/** What a key may hold: written on a job's comment or name, so no spaces, quotes or separators. */
export const KEY_PATTERN = /^[A-Za-z0-9._:@+-]{1,100}$/
