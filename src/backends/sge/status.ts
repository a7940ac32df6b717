// Job status from Grid Engine: one `qstat -u USER -r -xml` for live jobs, one `qacct` for the ids that left it
// (qacct lags: "not found" is no word yet, and the job's own end record decides meanwhile). Parsing is pure
// (tested on output recorded from SGE 8.1.9, test/fixtures/sge); running feeds it.
import { queryAnswer, runQuery } from '../../core/commandresults.js'
import { runCommand } from '../../core/exec.js'
import { blankStatus } from '../../core/outcome.js'
import type { JobState, JobStatus } from '../../core/states.js'
import { currentUser } from '../../core/user.js'
import { cancelApplies, ownCancels } from '../qsub-family/cancelrecords.js'
import { jobNumber } from './ids.js'

type XmlJob = Record<string, unknown>

/** SGE's state letters (qstat(1) "state") onto pcluster's model; `h` with predecessors is a dependency wait. */
export function normalizeSgeState(raw: string, waitsOnJobs: boolean): JobState {
  if (raw.includes('E')) return 'never_runnable' // Eqw: stays queued until deleted (notes, gotcha 13)
  if (raw.includes('d')) return 'completing' // being deleted
  if (/[sST]/.test(raw)) return 'held'
  if (raw.includes('h')) return waitsOnJobs ? 'pending' : 'held'
  if (/[rtR]/.test(raw)) return 'running'
  if (raw.includes('w') || raw.includes('q')) return 'pending'
  return 'unknown'
}

const text = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'object' ? String((v as Record<string, unknown>)['#text'] ?? '') : String(v))
const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v])
/** qstat -xml times are local with no zone (`2026-11-24T19:17:02`, fixture qstat-busy-xml.xml). */
const localTime = (v: string): string | null => (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/.test(v) ? new Date(v).toISOString() : null)

/** Parses `qstat [-u USER] -r -xml`: running jobs under queue_info, waiting ones under job_info. */
export async function parseQstatXml(xml: string): Promise<JobStatus[]> {
  const { XMLParser } = await import('fast-xml-parser')
  const doc = new XMLParser({ ignoreAttributes: false, parseTagValue: false }).parse(xml) as Record<string, Record<string, unknown>>
  const root = doc.job_info ?? {}
  const jobs = [...list((root.queue_info as XmlJob | undefined)?.job_list), ...list((root.job_info as XmlJob | undefined)?.job_list)] as XmlJob[]
  return jobs.map((j) => {
    const raw = text(j.state)
    const preds = list(j.predecessor_jobs).map(text).filter(Boolean)
    const state = normalizeSgeState(raw, preds.length > 0)
    const tasks = text(j.tasks)
    const queue = text(j.queue_name)
    const slots = Number(text(j.slots))
    return {
      ...blankStatus(`${text(j.JB_job_number)}${/^\d+$/.test(tasks) ? `.${tasks}` : ''}`, state),
      rawState: raw, reason: state === 'pending' && preds.length ? `Dependency (after ${preds.join(',')})` : '',
      name: text(j.full_job_name) || text(j.JB_name), user: text(j.JB_owner),
      partition: queue.split('@')[0] ?? '', nodes: queue.split('@')[1] ?? '', nodeCount: queue ? 1 : null,
      cores: Number.isFinite(slots) && slots > 0 ? slots : null, startedAt: localTime(text(j.JAT_start_time)),
      ...(preds.length ? { dependency: `afterany:${preds.join(':')}` } : {}),
    }
  })
}

/** The error reason of an Eqw job from `qstat -j ID` (fixture qstat-j-err.txt: `error reason    1:   DATE [uid:pid]: MSG`). */
export function parseErrorReason(text: string): string {
  const m = /^error reason\s+\d+:\s+(.*)$/m.exec(text)
  return m ? m[1]!.replace(/^\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d \[[\d:]+\]:\s*/, '').trim() : ''
}

/** One qacct record: `key value` lines; records are separated by a line of `=`. */
export function parseQacctRecords(text: string): Record<string, string>[] {
  const records: Record<string, string>[] = []
  let cur: Record<string, string> | undefined
  for (const line of text.split('\n')) {
    if (/^=+\s*$/.test(line)) { records.push((cur = {})); continue }
    const m = /^(\S+)\s+(.*?)\s*$/.exec(line)
    if (m && cur) cur[m[1]!] = m[2]!
  }
  return records.filter((r) => r.jobnumber)
}

/** qacct's ctime dates (`Tue Nov 24 19:50:31 2026`, local) as ISO; `-/-` for a job that never started. */
const ctime = (v: string | undefined): string | null => {
  const d = v && v !== '-/-' ? new Date(v) : undefined
  return d && !Number.isNaN(d.getTime()) ? d.toISOString() : null
}
const seconds = (v: string | undefined): number => Number(/^(\d+(?:\.\d+)?)/.exec(v ?? '')?.[1] ?? NaN)

/** h_rt of a qacct category (`-l h_rt=2` in fixture qacct-h_rt-exceeded.txt; H:MM:SS when so written), in seconds. */
export function categoryLimit(category: string, resource: string): number | undefined {
  const v = new RegExp(`(?:^|[ ,])${resource}=([0-9:]+)`).exec(category)?.[1]
  if (!v) return undefined
  return v.split(':').reduce((acc, part) => acc * 60 + Number(part), 0)
}

/**
 * A qacct record as a status. `failed` says how SGE ended it (sge_status(5)): 0 the job's own exit;
 * 37 a limit the qmaster enforced (h_rt, h_cpu or h_vmem: a timeout when the wallclock reached h_rt,
 * notes "More facts" 4); 100 killed, which is a qdel as well as any other kill, so a cancel is one pcluster
 * recorded itself ("More facts" 3); anything else (26: output file could not be opened) a failure of SGE's.
 */
export function qacctStatus(r: Record<string, string>, cancelled: (id: string) => boolean): JobStatus {
  const id = `${r.jobnumber}${r.taskid && /^\d+$/.test(r.taskid) ? `.${r.taskid}` : ''}`
  const failed = /^(\d+)\s*(?::\s*(.*))?$/.exec(r.failed ?? '0') ?? ['', '0', '']
  const code = Number(failed[1])
  const why = (failed[2] ?? '').trim()
  const exit = Number(/^-?\d+/.exec(r.exit_status ?? '')?.[0] ?? NaN)
  const signal = exit > 128 && exit < 160 && code !== 0 ? exit - 128 : null
  let state: JobState
  let reason = ''
  if (code === 0) state = exit === 0 ? 'completed' : 'failed'
  else if (cancelled(id) || cancelled(r.jobnumber!)) { state = 'cancelled'; reason = 'qdel' }
  else if (code === 37) {
    const hrt = categoryLimit(r.category ?? '', 'h_rt')
    const vmem = /(?:^|[ ,])h_vmem=/.test(r.category ?? '')
    state = hrt !== undefined && seconds(r.ru_wallclock) >= hrt - 1 ? 'timeout' : vmem ? 'out_of_memory' : 'failed'
    reason = why
  } else { state = 'failed'; reason = `${code === 100 ? 'killed' : `SGE failed ${code}`}${why ? `: ${why}` : ''}` }
  const slots = Number(r.slots)
  return {
    ...blankStatus(id, state), rawState: `failed ${code}, exit_status ${Number.isFinite(exit) ? exit : '?'}`, reason,
    name: r.jobname ?? '', user: r.owner ?? '', partition: r.qname ?? '', nodes: r.hostname ?? '', nodeCount: 1,
    cores: Number.isFinite(slots) ? slots : null, exitCode: Number.isFinite(exit) && state !== 'cancelled' ? exit : null,
    signal, startedAt: ctime(r.start_time), endedAt: ctime(r.end_time),
  }
}

/** Array tasks end one record each; the job number stands for the first task that did not complete, else the last. */
function byId(statuses: JobStatus[]): Map<string, JobStatus> {
  const out = new Map<string, JobStatus>()
  for (const s of statuses) {
    out.set(s.id, s)
    const job = jobNumber(s.id)
    if (job !== s.id && (!out.has(job) || out.get(job)!.state === 'completed')) out.set(job, { ...s, id: job })
  }
  return out
}

async function ask(argv: string[], opts: { notFoundIsEmpty?: boolean } = {}): Promise<string> {
  const res = await runQuery(argv)
  // qacct: `error: job id N not found` / `error: job name * not found`, exit 1, for no record (fixture qacct-nonexistent)
  if (opts.notFoundIsEmpty && res.exitCode === 1 && /not found/.test(res.stderr)) return ''
  return queryAnswer(res, { said: res.stderr || res.stdout })
}

/** SGE's -b form for qacct, local time. */
function sgeStamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}${p(d.getHours())}${p(d.getMinutes())}`
}

export async function qstat(user: string | undefined): Promise<JobStatus[]> {
  const jobs = await parseQstatXml(await ask(['qstat', '-u', user ?? '*', '-r', '-xml']))
  // an Eqw job's reason is only in qstat -j: asked once per such job, which needs the user's attention anyway
  await Promise.all(jobs.filter((j) => j.state === 'never_runnable').map(async (j) => {
    const res = await runCommand(['qstat', '-j', jobNumber(j.id)], { timeoutMs: 30_000 })
    j.reason = `error state Eqw: ${parseErrorReason(res.stdout) || 'see qstat -j'} (qmod -cj retries it)`
  }))
  return jobs
}

export async function qacct(args: { ids?: readonly string[]; user?: string; since: Date; cancelled?: Map<string, number> }): Promise<JobStatus[]> {
  // qacct reads the whole accounting file on each call: one call, by id when one job, else by owner and date
  const one = args.ids?.length === 1 ? args.ids[0] : undefined
  const argv = one ? ['qacct', '-j', jobNumber(one)]
    : ['qacct', '-j', '*', ...(args.user ? ['-o', args.user] : []), '-b', sgeStamp(args.since)]
  const cancelled = args.cancelled ?? await ownCancels('sge')
  return parseQacctRecords(await ask(argv, { notFoundIsEmpty: true }))
    .map((r) => qacctStatus(r, (id) => cancelApplies(cancelled.get(id), Date.parse(ctime(r.qsub_time) ?? ''))))
}

const WEEK = 7 * 86400_000

/** Every id Grid Engine knows: qstat first, qacct only for those qstat no longer lists. */
export async function status(ids: readonly string[], opts: { since?: Date } = {}): Promise<Map<string, JobStatus>> {
  const out = new Map<string, JobStatus>()
  const wanted = new Set(ids)
  for (const j of await qstat(currentUser())) if (wanted.has(j.id)) out.set(j.id, j)
  // an array job in qstat answers for its tasks' job number too
  for (const j of out.values()) if (wanted.has(jobNumber(j.id)) && !out.has(jobNumber(j.id))) out.set(jobNumber(j.id), { ...j, id: jobNumber(j.id) })
  const gone = ids.filter((id) => !out.has(id))
  if (gone.length) {
    const cancelled = await ownCancels('sge') // read once for qacct's records and for jobs SGE kept none of
    const done = byId(await qacct({ ids: gone, user: currentUser(), since: opts.since ?? new Date(Date.now() - WEEK), cancelled }))
    for (const id of gone) {
      const s = done.get(id)
      if (s) out.set(id, s)
      // deleted while waiting: SGE keeps no record at all (fixture qacct-deleted-pending), pcluster does
      // (a record from before these jobs were submitted is about an earlier job of that number)
      else if (cancelApplies(cancelled.get(id), opts.since?.getTime() ?? NaN))
        out.set(id, { ...blankStatus(id, 'cancelled'), rawState: 'deleted', reason: 'qdel before it started' })
    }
  }
  return out
}

/** The queue for `pcluster queue`: live jobs from qstat, plus the last day's finished ones from qacct. */
export async function queue(filter: { user: string | undefined }): Promise<JobStatus[]> {
  const live = await qstat(filter.user)
  const seen = new Set(live.map((j) => j.id))
  const since = new Date(Date.now() - 86400_000)
  const done = (await qacct({ ...(filter.user ? { user: filter.user } : {}), since })).filter((j) => !seen.has(j.id))
  for (const j of done) seen.add(j.id)
  // deleted while waiting: no record in SGE at all, only pcluster's own (../qsub-family/cancelrecords.ts)
  const deleted = [...await ownCancels('sge')].filter(([id, at]) => at >= since.getTime() && !seen.has(id)).map(([id]) => id)
    .map((id) => ({ ...blankStatus(id, 'cancelled'), rawState: 'deleted', reason: 'qdel before it started' }))
  return [...live, ...done, ...deleted]
}

/** Pending and running jobs of the user; Eqw jobs, which never run by themselves, do not count. */
export async function activeCount(user: string): Promise<number> {
  return (await qstat(user)).filter((j) => j.state !== 'never_runnable').length
}
