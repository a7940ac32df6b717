// Dependency kinds, the same on every backend, with the meaning Slurm gives them: `afterok` (the default:
// `--depends ID`), `afterany`, `afternotok`, and `singleton`. A job's dependencies travel as tokens, `ID` for
// afterok and `KIND:ID` for the others, `singleton` alone: what the ledger keeps, the local queue's protocol
// carries, and each backend renders in its own words.
import type { Backend } from '../backends/types.js'
import { UsageError } from './errors.js'
import { isFinal, type JobState } from './states.js'

export const DEPENDENCY_KINDS = ['afterok', 'afterany', 'afternotok', 'singleton'] as const
export type DependencyKind = (typeof DEPENDENCY_KINDS)[number]
/** A kind that names a job. */
export type AfterKind = Exclude<DependencyKind, 'singleton'>

export type Dependency = { kind: AfterKind; id: string } | { kind: 'singleton' }

export const DEPENDS_HELP = 'ID (run after it completed with exit 0), afterok:ID, afterany:ID (after it ended, however), ' +
  'afternotok:ID (only after it did not succeed), singleton (after every other job of yours of the same name ended); ' +
  'comma-separated, KIND:ID:ID for several of a kind'

/** One token as the ledger and the protocol keep it. */
export function parseDependency(token: string): Dependency {
  if (token === 'singleton') return { kind: 'singleton' }
  const m = /^(afterok|afterany|afternotok):(.+)$/.exec(token)
  return m ? { kind: m[1] as AfterKind, id: m[2]! } : { kind: 'afterok', id: token }
}

/** The canonical token of a dependency. */
export function dependencyToken(d: Dependency): string {
  return d.kind === 'singleton' ? 'singleton' : d.kind === 'afterok' ? d.id : `${d.kind}:${d.id}`
}

/** The job ids among these tokens (singleton names none), each once. */
export function dependencyIds(tokens: readonly string[]): string[] {
  return [...new Set(tokens.map(parseDependency).flatMap((d) => (d.kind === 'singleton' ? [] : [d.id])))]
}

/**
 * Reads what the user typed (`123`, `afterany:1:2`, `singleton`) into canonical tokens, each id checked and
 * normalised by `parseId` (the backend's grammar; undefined: not an id of it). A kind pcluster does not know is
 * refused, naming the ones it does.
 */
export function readDependencies(items: readonly string[], parseId: (id: string) => string | undefined,
  badId: (id: string) => UsageError): string[] {
  const out: string[] = []
  for (const item of items) {
    if (item === 'singleton') { out.push(item); continue }
    const m = /^([a-z]+):(.*)$/.exec(item)
    if (m && !(DEPENDENCY_KINDS as readonly string[]).includes(m[1]!))
      throw new UsageError('BAD_VALUE', `unknown dependency kind '${m[1]}' in --depends ${item}`, {
        hint: `--depends takes ${DEPENDS_HELP}`,
      })
    const kind = (m ? m[1] : 'afterok') as AfterKind
    for (const raw of (m ? m[2]! : item).split(':')) {
      const id = parseId(raw)
      if (id === undefined) throw badId(raw)
      out.push(dependencyToken({ kind, id }))
    }
  }
  return [...new Set(out)]
}

/**
 * Dependencies as canonical tokens, each id in the backend's own grammar, normalised; a malformed one, or an
 * unknown kind, is refused before anything is written.
 */
export function checkDependencies(backend: Backend, items: readonly string[]): string[] {
  return readDependencies(items, (id) => backend.ids.parse(id), (id) =>
    new UsageError('BAD_VALUE', `invalid job id '${id}' for --depends: not a job id of ${backend.title}`, {
      hint: `job ids of ${backend.title} look like ${backend.ids.examples}; --depends takes ${DEPENDS_HELP}`,
    }))
}

/** Whether a parent in this state means the dependency can never be satisfied. */
export function neverSatisfied(kind: AfterKind, parent: JobState): boolean {
  if (!isFinal(parent)) return false
  if (kind === 'afterok') return parent !== 'completed'
  if (kind === 'afternotok') return parent === 'completed'
  return false
}

/** Whether a parent in this state satisfies the dependency (the job may start, as far as it goes). */
export function satisfiedBy(kind: AfterKind, parent: JobState): boolean {
  if (kind === 'afterok') return parent === 'completed'
  if (kind === 'afternotok') return isFinal(parent) && parent !== 'completed'
  return isFinal(parent)
}

/** `afterok` → `completed with exit 0`, for reasons. */
export function kindWords(kind: AfterKind): string {
  return kind === 'afterok' ? 'succeed' : kind === 'afternotok' ? 'fail' : 'end'
}

/** The tokens grouped by kind, in the order the kinds first appear (for `afterok:1:2,afterany:3`); singleton apart. */
export function groupDependencies(tokens: readonly string[]): { groups: [AfterKind, string[]][]; singleton: boolean } {
  const groups = new Map<AfterKind, string[]>()
  let singleton = false
  for (const d of tokens.map(parseDependency)) {
    if (d.kind === 'singleton') singleton = true
    else groups.set(d.kind, [...(groups.get(d.kind) ?? []), d.id])
  }
  return { groups: [...groups], singleton }
}
