// What Torque and PBS Pro records say in pcluster's terms, where the two agree: owner, hosts, times, the
// afterok ids, the dependency abort, the `256+N` signal rule; each folder's states.ts maps its own states.
import type { JobState, JobStatus } from '../../core/states.js'
import type { JobRecord } from './records.js'
import { sameJob, shortId } from './ids.js'

/** `wcx@localhost` -> `wcx` (Job_Owner is user@submit-host). */
export function owner(r: JobRecord): string {
  return (r.Job_Owner ?? r.euser ?? '').split('@')[0]!
}

/** `c0/0-43`, `r2i4n13/0-23+r1i2n12/0-23` (Torque), `charon24/0*2+charon21/0*2` (PBS Pro) -> the hosts. */
export function hosts(r: JobRecord): string[] {
  const exec = r.exec_host ?? ''
  return [...new Set(exec.split('+').map((h) => h.split('/')[0]!.trim()).filter(Boolean))]
}

/** Epoch seconds (Torque XML) or a ctime string (`qstat -f`, PBS Pro JSON, read in this machine's zone). */
export function isoTime(v: string | undefined): string | null {
  if (!v) return null
  const t = /^\d+$/.test(v) ? Number(v) * 1000 : Date.parse(v)
  return Number.isFinite(t) && t > 0 ? new Date(t).toISOString() : null
}

export function num(v: string | undefined): number | null {
  return v !== undefined && /^-?\d+$/.test(v.trim()) ? Number(v) : null
}

/** The afterok ids of a `depend` value: `afterok:549158.service1…@service1…,afterany:…` (fixture ichec). */
export function afterOkIds(depend: string | undefined): string[] {
  const ids: string[] = []
  for (const part of (depend ?? '').split(',')) {
    const [type, ...list] = part.split(':')
    if (type === 'afterok') for (const id of list) ids.push(id.split('@')[0]!)
  }
  return ids
}

/** `Job deleted as result of dependency on job X` (req_register.c @6.1.3; PBS Pro msg_registerdel): X. */
export function deletedForDependency(r: JobRecord): string | undefined {
  return /deleted as result of dependency on job (\S+)/i.exec(r.comment ?? '')?.[1]
}

/** How an exit code reads: 0..255 the job's own; 256+N the job shell killed by signal N (WTERMSIG + 0x100, mom_start.c). */
export function splitExit(code: number): { exitCode: number | null; signal: number | null } {
  return code >= 256 ? { exitCode: null, signal: code - 256 } : code >= 0 ? { exitCode: code, signal: null } : { exitCode: null, signal: null }
}

/** The fields every record gives the same way; the state and exit are the caller's. */
export function baseStatus(r: JobRecord, state: JobState, exit: { exitCode: number | null; signal: number | null }, reason: string): JobStatus {
  const h = hosts(r)
  return {
    id: r.Job_Id ?? '', state, rawState: r.job_state ?? '', reason, name: r.Job_Name ?? '', user: owner(r),
    partition: r.queue ?? '', nodes: h.join(','), nodeCount: num(r['Resource_List.nodect']) ?? (h.length || null),
    cores: num(r['Resource_List.ncpus']) ?? ppnCores(r['Resource_List.nodes']), ...exit,
    startedAt: isoTime(r.start_time ?? r.stime), endedAt: isoTime(r.comp_time ?? r.obittime),
    ...(r.depend ? { dependency: r.depend } : {}),
  }
}

/** `4:ppn=24` -> 96; `1` -> 1; a node list (`n1+n2:ppn=2`) -> its total. */
function ppnCores(nodes: string | undefined): number | null {
  if (!nodes) return null
  let total = 0
  for (const spec of nodes.split('+')) {
    const [count, ...props] = spec.split(':')
    const n = /^\d+$/.test(count!) ? Number(count) : 1
    const ppn = Number(/^ppn=(\d+)$/.exec(props.find((p) => p.startsWith('ppn=')) ?? '')?.[1] ?? 1)
    total += n * ppn
  }
  return total || null
}

const NEVER = new Set<JobState>(['dependency_never_satisfied', 'never_runnable', 'failed', 'cancelled', 'timeout', 'out_of_memory', 'node_fail'])

/** Finds jobs by id as sameJob matches them (a short `123` and `123.server` alike), each lookup one map read. */
function byId(jobs: readonly JobStatus[]): (id: string) => JobStatus | undefined {
  const index = new Map<string, JobStatus[]>()
  for (const j of jobs) {
    const key = shortId(j.id)
    const list = index.get(key)
    if (list) list.push(j)
    else index.set(key, [j])
  }
  return (id) => index.get(shortId(id))?.find((j) => sameJob(j.id, id))
}

/**
 * A job still waiting on an afterok parent that has ended badly will never run: the server aborts it a
 * moment later (job_abt, req_register.c @6.1.3), and the answer may be read in between. Said at once, down
 * every chain, so that `wait` on the last job of a broken chain returns. Each job is looked at once (a
 * 20,000-job answer with long chains stays linear: bench/torque-qstat.mjs).
 */
export function markBrokenChains(jobs: JobStatus[]): JobStatus[] {
  const find = byId(jobs)
  const seen = new Set<JobStatus>()
  const settle = (j: JobStatus): void => {
    if (seen.has(j)) return // done, or on the path being followed (a cycle the server would refuse anyway)
    seen.add(j)
    if (j.state !== 'pending' && j.state !== 'held') return
    for (const d of afterOkIds(j.dependency)) {
      const parent = find(d)
      if (!parent) continue
      settle(parent)
      if (NEVER.has(parent.state)) {
        Object.assign(j, { state: 'dependency_never_satisfied', blockedBy: parent.id,
          reason: `job ${d}, which it depends on, did not succeed` })
        return
      }
    }
  }
  for (const j of jobs) settle(j)
  return jobs
}

/** Every id asked that the server shows, keyed as asked (a short `123` matches `123.server`). */
export function pick(jobs: readonly JobStatus[], ids: readonly string[]): Map<string, JobStatus> {
  const find = byId(jobs)
  const out = new Map<string, JobStatus>()
  for (const id of ids) {
    const j = find(id)
    if (j) out.set(id, j)
  }
  return out
}
