// The library's one options object, typed: every job keyword by its name or a synonym (python-cluster's
// **kwargs), a dependency as a Job, an id or an array of both; and checkArguments, its run-time check.
import { UsageError } from './errors.js'
import type { JobOptions, RawValue } from './options.js'
import { coerceOptions, requireOption } from './options.js'

/**
 * python-cluster's synonyms, at the type level (the registry in options.ts holds them for the run time;
 * test/unit/core/keywords.test.ts keeps the two the same).
 */
export const SYNONYMS = {
  cpus: 'cores', memory: 'mem', walltime: 'time', queue: 'partition',
  depend: 'depends', dependency: 'depends', dependencies: 'depends',
  ntasks: 'tasks', 'ntasks-per-node': 'tasks-per-node', gpu: 'gpus', 'mail-type': 'mail',
} as const satisfies Record<string, keyof JobOptions>

/** Something that stands for a submitted job: a Job (anything with an `id`), or its id. */
export type JobRef = { readonly id: string | undefined } | string | number

type DependsWord = 'depends' | { [K in keyof typeof SYNONYMS]: (typeof SYNONYMS)[K] extends 'depends' ? K : never }[keyof typeof SYNONYMS]
type Keyword = keyof JobOptions | keyof typeof SYNONYMS

/**
 * Every job keyword (canonical or synonym) with the values a caller may give: `{ cpus: 4, memory: '8G', dependencies: [job] }`.
 * null means the default (python-cluster's None), as if the keyword were not given.
 */
export type Keywords = { [K in Exclude<Keyword, DependsWord>]?: RawValue | null } & { [K in DependsWord]?: JobRef | readonly JobRef[] | null }

/** The ids of jobs given as Jobs, ids or an array of both; a Job not submitted yet is refused. */
export function jobIds(refs: JobRef | readonly JobRef[] | undefined, what = 'a dependency'): string[] {
  if (refs === undefined) return []
  const list = Array.isArray(refs) ? refs : [refs as JobRef]
  return list.flatMap((r) => {
    if (typeof r === 'number') return [String(r)]
    if (typeof r === 'string') return r.split(',').map((s) => s.trim())
    if (r && typeof r === 'object' && 'id' in r) {
      if (!r.id) throw new UsageError('NOT_SUBMITTED', `${what} is a job that was not submitted yet`, { hint: 'submit it first: await job.submit()' })
      return [r.id]
    }
    throw new UsageError('BAD_VALUE', `${what} must be a Job, a job id or an array of them, not ${JSON.stringify(r)}`)
  })
}

/**
 * Checks job keywords as python-cluster's `check_arguments` did: every name known (synonyms too), every value
 * valid; returns them under their canonical names, coerced (mem in MB, time in seconds, lists as arrays).
 * Throws the CLI's own UsageError (unknown keyword with the nearest name; a bad value with what is accepted).
 * A null value is the default (python-cluster's None): left out, as an undefined one.
 */
export function checkArguments(kwargs: Keywords | Record<string, unknown>): JobOptions {
  const raw: Record<string, RawValue | undefined> = {}
  for (const [k, v] of Object.entries(kwargs)) {
    if (v === undefined) continue
    if (v === null) {
      requireOption(k) // a name is checked all the same
      continue
    }
    const dep = k === 'depends' || k in SYNONYMS && SYNONYMS[k as keyof typeof SYNONYMS] === 'depends'
    raw[k] = dep ? jobIds(v as JobRef | JobRef[]) : v as RawValue
  }
  return coerceOptions(raw)
}
