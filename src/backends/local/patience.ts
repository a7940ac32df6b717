// How long a pcluster process waits for the local queue daemon's answer before it says so, and before it gives
// up: a daemon stopped (SIGSTOP, Ctrl-Z) or stuck would otherwise hold a submit silently, for as long as it lasts.
import { readFileSync } from 'node:fs'
import { PclusterError, UsageError } from '../../core/errors.js'
import type { Request } from '../../service/protocol.js'

export interface Patience {
  /** Seconds without an answer before a line on stderr says so (0: never). */
  noticeS: number
  /** Seconds without an answer before giving up (0: never). */
  giveUpS: number
}

function seconds(name: string, fallback: number): number {
  const text = process.env[name]
  if (text === undefined || text.trim() === '') return fallback
  const n = Number(text)
  if (!Number.isFinite(n) || n < 0) throw new UsageError('BAD_ENV', `${name} must be a number of seconds (0: no limit), not ${JSON.stringify(text)}`)
  return n
}

/** PCLUSTER_LOCAL_NOTICE (default 5 s) and PCLUSTER_LOCAL_TIMEOUT (default 60 s). */
export function patience(): Patience {
  return { noticeS: seconds('PCLUSTER_LOCAL_NOTICE', 5), giveUpS: seconds('PCLUSTER_LOCAL_TIMEOUT', 60) }
}

/** The running daemon's pid as it wrote it when it started; undefined when that cannot be read. */
export function writtenPid(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim())
    return Number.isInteger(pid) && pid > 0 ? pid : undefined
  } catch {
    return undefined
  }
}

const who = (pid: number | undefined) => (pid ? ` (pid ${pid})` : '')

/** The line that says the daemon has not answered yet. */
export function slowNotice(pid: number | undefined, p: Patience, log: string): string {
  return `the local queue daemon${who(pid)} has not answered for ${p.noticeS} s; still waiting` +
    `${p.giveUpS ? ` up to ${p.giveUpS} s` : ''} (its log: ${log})`
}

/** The requests that change something: given up on once sent, they may still be done. */
const EFFECTS: ReadonlySet<Request['type']> = new Set(['submit', 'cancel', 'release', 'stop'])

/**
 * Giving up on a daemon that did not answer within `giveUpS`: whether the request was sent decides what can
 * be said of it. Final: asking again would wait as long again.
 */
export function noAnswer(req: Request, sent: boolean, pid: number | undefined, giveUpS: number, log: string): PclusterError {
  const hint = `is it stopped (kill -STOP, Ctrl-Z) or stuck?${pid ? ` kill -CONT ${pid} resumes a stopped one;` : ''} its log: ${log}; ` +
    'PCLUSTER_LOCAL_TIMEOUT sets how many seconds to wait'
  const daemon = `the local queue daemon${who(pid)}`
  if (!sent) return new PclusterError('LOCAL_NO_ANSWER', `${daemon} did not answer within ${giveUpS} s: nothing was asked of it`, { hint, final: true })
  if (req.type === 'submit')
    return new PclusterError('SUBMIT_UNKNOWN', `${daemon} did not answer the submit within ${giveUpS} s: the job may have been queued all the same`,
      { hint: `check pcluster queue once it answers, before submitting the job again; ${hint}`, final: true })
  if (EFFECTS.has(req.type))
    return new PclusterError('LOCAL_NO_ANSWER', `${daemon} did not answer the ${req.type} within ${giveUpS} s: it may still do it`, { hint, final: true })
  return new PclusterError('LOCAL_NO_ANSWER', `${daemon} did not answer within ${giveUpS} s`, { hint, final: true })
}
