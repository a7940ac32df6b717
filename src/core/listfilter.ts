// What `queue` shows of the scheduler's answer (live jobs, those ended within the time asked, names by glob,
// a partition), matched by pcluster the same on every backend; and pruning the user's ledger on the way.
import type { Backend } from '../backends/types.js'
import { UsageError } from './errors.js'
import { pruneJobs } from './ledger.js'
import { isFinal, type JobState, type JobStatus } from './states.js'

/** What `queue` lists. */
export interface ListFilter {
  /** A user name, or undefined for every user. */
  user: string | undefined
  states?: readonly JobState[]
  /** Jobs that ended since then, besides live ones; undefined: the last day; null: every one kept. */
  since?: Date | null
  /** Only jobs whose name matches this glob (`*`, `?`, `[...]`), as the whole name. */
  name?: string
  /** Only jobs in this partition (queue). */
  partition?: string
  /** How long the user's ledger keeps records ([jobs] keep_days). */
  keepDays?: number
}

/**
 * `since` as a time to ask a scheduler from: a real date, not before 1970 (an Invalid Date from a library caller,
 * or one before any job, made an internal error deep in the ledger's day files).
 */
export function checkSince(since: Date): Date {
  if (!(since instanceof Date) || !(since.getTime() >= 0))
    throw new UsageError('BAD_VALUE', `since must be a date from 1970-01-01 on, not ${String(since)}`, {
      hint: 'give a Date (new Date(Date.now() - 7 * 86400_000) for a week back), or null for every job kept',
    })
  return since
}

/** A shell glob as a regular expression for a whole name: `*` any run, `?` one character, `[...]` a class. */
export function globRegExp(glob: string): RegExp {
  let re = ''
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!
    const close = c === '[' ? glob.indexOf(']', i + 2) : -1
    if (c === '*') re += '.*'
    else if (c === '?') re += '.'
    else if (close > 0) {
      const body = glob.slice(i + 1, close).replace(/\\/g, '\\\\')
      re += body.startsWith('!') ? `[^${body.slice(1)}]` : `[${body.replace(/^\^/, '\\^')}]`
      i = close
    } else re += c.replace(/[.+^${}()|\\/\]\[]/g, '\\$&')
  }
  return new RegExp(`^${re}$`, 's')
}

/** The filter's test for one job: state, name, partition, and ended within the time shown. */
export function listed(filter: ListFilter, since: Date | undefined): (j: JobStatus) => boolean {
  const name = filter.name === undefined ? undefined : globRegExp(filter.name)
  return (j) => (!filter.states || filter.states.includes(j.state))
    && (!name || name.test(j.name))
    && (filter.partition === undefined || j.partition.split(',').includes(filter.partition))
    // a scheduler without a time filter of its own answers more; a job with no end time is shown
    && (!since || !isFinal(j.state) || !j.endedAt || Date.parse(j.endedAt) >= since.getTime())
}

/** Whether the scheduler's final word already has the job's end record in it (see Backend.readsEndRecords). */
export function settledAlready(backend: Backend, sched: JobStatus | undefined): boolean {
  return !!backend.readsEndRecords && !!sched && isFinal(sched.state) && sched.state !== 'unknown'
}

/**
 * Prunes the user's ledger on the way (records past keep_days): the scheduler has just listed every live job
 * of the user, so a record it does not show as live is of a job that has ended, end record or not.
 */
export function pruneOwn(backend: Backend, seen: Map<string, JobStatus>, keepDays: number | undefined): void {
  pruneJobs(backend, { ...(keepDays === undefined ? {} : { keepDays }), isLive: (id) => { const j = seen.get(id); return !!j && !isFinal(j.state) } })
}
