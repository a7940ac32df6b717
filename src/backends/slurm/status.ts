// Job status from Slurm: one user-scoped `squeue` for live jobs, one bounded `sacct -j id,...` for the ids
// squeue no longer lists. Parsing is pure (tested on output recorded from slurm-wlm 22.05); running feeds it.
import { queryAnswer, runQuery } from '../../core/commandresults.js'
import { SchedulerError } from '../../core/errors.js'
import type { JobState, JobStatus } from '../../core/states.js'
import { currentUser } from '../../core/user.js'
import type { QueueFilter } from '../types.js'

/** Field separator: a control character that no job name, partition or node list contains. */
const SEP = '\x1f'

/** squeue fields; the name is last so that nothing in it can shift the others. */
export const SQUEUE_FORMAT = ['%i', '%T', '%r', '%u', '%P', '%D', '%C', '%N', '%S', '%E', '%j'].join(SEP)
export const SACCT_FIELDS = 'JobID,State,ExitCode,Reason,User,Partition,NNodes,NCPUS,NodeList,Start,End,JobName'

/**
 * Pending reasons that never clear by themselves: the job asks for more than its partition, account or QOS
 * can ever give (slurm.h job_state_reason; PartitionConfig for -c 999 and PartitionTimeLimit for -p short -t 30
 * seen on 22.05 with a 10-minute partition). Each with what it means. Not PartitionNodeLimit nor BadConstraints:
 * squeue(1) gives them also for nodes that are down, drained or powered off, which come back.
 */
const PERMANENT_REASONS: Record<string, string> = {
  PartitionConfig: 'its partition has no node with the cores, memory or features it asks for',
  PartitionTimeLimit: 'it asks for a longer --time than its partition allows',
  InvalidAccount: 'its account is not valid',
  InvalidQOS: 'its QOS is not valid',
  AssocMaxWallDurationPerJobLimit: 'it asks for a longer --time than its account allows',
  AssocMaxCpuPerJobLimit: 'it asks for more cores than its account allows per job',
  AssocMaxNodePerJobLimit: 'it asks for more nodes than its account allows per job',
  QOSMaxWallDurationPerJobLimit: 'it asks for a longer --time than its QOS allows',
  QOSMaxCpuPerJobLimit: 'it asks for more cores than its QOS allows per job',
  QOSMaxNodePerJobLimit: 'it asks for more nodes than its QOS allows per job',
  QOSMaxMemoryPerJob: 'it asks for more memory than its QOS allows per job',
}

/** Slurm's job states (slurm.h job_states and squeue --long names) onto pcluster's model. */
export function normalizeSlurmState(rawState: string, reason: string): JobState {
  const word = rawState.trim().split(/\s+/)[0]!.toUpperCase().replace(/\+$/, '')
  switch (word) {
    case 'PENDING': case 'PD':
      if (/DependencyNeverSatisfied/i.test(reason)) return 'dependency_never_satisfied'
      if (PERMANENT_REASONS[reason.trim()]) return 'never_runnable'
      if (/^(JobHeld|held)/i.test(reason)) return 'held'
      return 'pending'
    case 'REQUEUED': case 'RQ': case 'REQUEUE_FED': case 'RF': return 'pending'
    case 'REQUEUE_HOLD': case 'RH': case 'RESV_DEL_HOLD': case 'RD': case 'SUSPENDED': case 'S':
    case 'STOPPED': case 'ST': return 'held'
    case 'RUNNING': case 'R': case 'CONFIGURING': case 'CF': case 'RESIZING': case 'RS':
    case 'SIGNALING': case 'SI': return 'running'
    case 'COMPLETING': case 'CG': case 'STAGE_OUT': case 'SO': return 'completing'
    case 'COMPLETED': case 'CD': return 'completed'
    case 'FAILED': case 'F': case 'SPECIAL_EXIT': case 'SE': return 'failed'
    case 'CANCELLED': case 'CA':
      // --kill-on-invalid-dep=yes: Slurm cancels a job whose dependency failed, down the chain, and sacct says
      // `CANCELLED` with reason `Dependency`; a user's cancel reads `CANCELLED by UID` (seen on 22.05)
      return rawState.trim().split(/\s+/).length === 1 && /^Dependency/.test(reason.trim()) ? 'dependency_never_satisfied' : 'cancelled'
    case 'REVOKED': case 'RV': case 'PREEMPTED': case 'PR': return 'cancelled'
    case 'TIMEOUT': case 'TO': case 'DEADLINE': case 'DL': return 'timeout'
    case 'OUT_OF_MEMORY': case 'OOM': return 'out_of_memory'
    case 'NODE_FAIL': case 'NF': case 'BOOT_FAIL': case 'BF': return 'node_fail'
    default: return 'unknown'
  }
}

function num(v: string | undefined): number | null {
  const n = Number(v)
  return v !== undefined && v.trim() !== '' && Number.isFinite(n) ? n : null
}

function time(v: string | undefined): string | null {
  return v && /^\d{4}-\d\d-\d\dT/.test(v) ? v : null
}

/** Parses `squeue -h -o SQUEUE_FORMAT`. */
export function parseSqueue(text: string): JobStatus[] {
  const jobs: JobStatus[] = []
  for (const line of text.split('\n')) {
    if (!line.includes(SEP)) continue
    const f = line.split(SEP)
    const [id, rawState, reason, user, partition, nodeCount, cores, nodes, start, dependency] = f
    const name = f.slice(10).join(SEP)
    jobs.push({
      id: id!.trim(), state: normalizeSlurmState(rawState!, reason!), rawState: rawState!, reason: reason!,
      name, user: user!, partition: partition!, nodes: nodes!, nodeCount: num(nodeCount), cores: num(cores),
      exitCode: null, signal: null, startedAt: time(start), endedAt: null,
      ...(dependency && dependency !== '(null)' ? { dependency } : {}),
    })
    const last = jobs[jobs.length - 1]!
    if (last.state === 'never_runnable') last.reason = `${reason!.trim()}: ${PERMANENT_REASONS[reason!.trim()]}`
    const failedDep = /afterok:(\d+(?:_\d+)?)(?:_\*)?\(failed\)/.exec(dependency ?? '')?.[1]
    if (jobs[jobs.length - 1]!.state === 'dependency_never_satisfied' && failedDep) jobs[jobs.length - 1]!.blockedBy = failedDep
  }
  return markNeverRunnable(jobs)
}

/** The afterok ids of a squeue %E dependency string such as `afterok:34(unfulfilled),afterok:35_*(failed)`. */
export function afterOkIds(dependency: string): string[] {
  return [...dependency.matchAll(/afterok:(\d+(?:_\d+)?)/g)].map((m) => m[1]!)
}

/**
 * Slurm marks a job DependencyNeverSatisfied only when a job it depends on has failed; a job that depends on
 * such a job stays `Dependency` forever (seen on 22.05: `afterok:40(unfulfilled)` where 40 is itself never
 * satisfiable). Carries the verdict down every chain so that `wait` on the last job of a broken chain returns.
 */
const NEVER = new Set<JobState>(['dependency_never_satisfied', 'never_runnable'])

export function markNeverRunnable(jobs: JobStatus[]): JobStatus[] {
  // from each job that will never run to the pending jobs after it, each job once: a pass over the whole queue
  // per link made a 20,000-job chain listed children first take 77 s (bench/parse.mjs)
  const byId = new Map(jobs.map((j) => [j.id, j]))
  const dependents = new Map<string, JobStatus[]>()
  for (const j of jobs) {
    if (j.state !== 'pending' || !j.dependency) continue
    for (const d of afterOkIds(j.dependency)) {
      const list = dependents.get(d)
      if (list) list.push(j)
      else dependents.set(d, [j])
    }
  }
  const todo = jobs.filter((j) => NEVER.has(j.state))
  for (let parent = todo.pop(); parent; parent = todo.pop()) {
    for (const j of dependents.get(parent.id) ?? []) {
      if (j.state !== 'pending') continue
      const broken = afterOkIds(j.dependency!).find((d) => NEVER.has(byId.get(d)?.state ?? 'pending'))!
      j.state = 'dependency_never_satisfied'
      j.reason = `DependencyNeverSatisfied (job ${broken} will never run)`
      j.blockedBy = broken
      todo.push(j)
    }
  }
  return jobs
}

/** Parses `sacct -X -n -P --delimiter=SEP -o SACCT_FIELDS`; ExitCode is `code:signal`. */
export function parseSacct(text: string): JobStatus[] {
  const jobs: JobStatus[] = []
  for (const line of text.split('\n')) {
    if (!line.includes(SEP)) continue
    const f = line.split(SEP)
    const [id, rawState, exit, reason, user, partition, nodeCount, cores, nodes, start, end] = f
    const [code, sig] = (exit ?? '').split(':')
    let state = normalizeSlurmState(rawState!, reason!)
    // Slurm's own cancel of a job whose dependency failed (--kill-on-invalid-dep) reads `CANCELLED` with no
    // `by UID`, on a job that never had a node; its reason is `Dependency` or, as often, `None` (seen on 22.05)
    if (state === 'cancelled' && rawState!.trim() === 'CANCELLED' && nodes === 'None assigned') state = 'dependency_never_satisfied'
    const live = state === 'pending' || state === 'held' || state === 'running' || state === 'completing'
    jobs.push({
      id: id!.trim(), state, rawState: rawState!, reason: reason!, name: f.slice(11).join(SEP), user: user!,
      partition: partition!, nodes: nodes === 'None assigned' ? '' : nodes!, nodeCount: num(nodeCount),
      cores: num(cores), exitCode: live ? null : num(code), signal: live ? null : num(sig) || null,
      startedAt: time(start), endedAt: time(end),
    })
  }
  return jobs
}

/**
 * Sites without slurmdbd answer every sacct with "Slurm accounting storage is disabled" (exit 1): that is a
 * lasting fact, not a passing failure, and means no accounting records; end records then tell how jobs ended.
 */
export function accountingDisabled(stderr: string): boolean {
  return /accounting storage is disabled/i.test(stderr)
}

/**
 * Slurm's client tools installed without a configuration (no slurm.conf, no SLURM_CONF, not configless): every
 * command says "Could not establish a configuration source" (22.05). Lasting, so not retried.
 */
export function notConfigured(argv: readonly string[], stderr: string): SchedulerError | undefined {
  if (!/Could not establish a configuration source/i.test(stderr)) return undefined
  return new SchedulerError('SLURM_NOT_CONFIGURED', `Slurm's commands are installed here but find no configuration (${argv[0]}: ${stderr.trim().split('\n').pop()})`, {
    argv, stderr, hint: 'point SLURM_CONF at the cluster\'s slurm.conf, or use the local queue: --qtype local (or PCLUSTER_QTYPE=local)',
  })
}

export async function ask(argv: string[]): Promise<string> {
  const res = await runQuery(argv)
  if (argv[0] === 'sacct' && res.exitCode === 1 && accountingDisabled(res.stderr)) return ''
  const unconfigured = res.exitCode !== 0 ? notConfigured(argv, res.stderr) : undefined
  if (unconfigured) throw unconfigured
  return queryAnswer(res)
}

/** Slurm's local time form for -S. */
export function slurmTime(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
}

export async function squeue(user: string | undefined): Promise<JobStatus[]> {
  return parseSqueue(await ask(['squeue', '-h', ...(user ? ['-u', user] : []), '-o', SQUEUE_FORMAT]))
}

export async function sacct(args: { ids?: readonly string[]; user?: string; since: Date }): Promise<JobStatus[]> {
  const argv = ['sacct', '-X', '-n', '-P', `--delimiter=${SEP}`, '-o', SACCT_FIELDS, '-S', slurmTime(args.since)]
  if (args.ids) argv.push('-j', args.ids.join(','))
  else if (args.user) argv.push('-u', args.user)
  else argv.push('-a')
  return parseSacct(await ask(argv))
}

const WEEK = 7 * 86400_000

/**
 * Every id that Slurm knows: squeue first, sacct only for those squeue no longer lists. squeue is asked for the
 * user's jobs only, but `sacct -j` answers for any user's id, its User saying whose (the core refuses an id of
 * another user's that pcluster never submitted: core/jobrefs.ts). Seen on 22.05: a job of a user with no
 * association in slurmdbd shows as uid 0's in sacct until it ends (test/integration/slurm/ledger.test.ts).
 */
export async function status(ids: readonly string[], opts: { since?: Date } = {}): Promise<Map<string, JobStatus>> {
  const out = new Map<string, JobStatus>()
  const wanted = new Set(ids)
  for (const j of await squeue(currentUser())) if (wanted.has(j.id)) out.set(j.id, j)
  const gone = ids.filter((id) => !out.has(id))
  if (gone.length) {
    const since = opts.since ?? new Date(Date.now() - WEEK)
    for (const j of await sacct({ ids: gone, since })) if (wanted.has(j.id)) out.set(j.id, j)
  }
  return out
}

/**
 * The queue for `pcluster queue`: live jobs from squeue, plus from sacct those that ended since `since` (by
 * default the last day; `all`: all that accounting keeps). sacct's -S selects jobs still running or eligible
 * at or after that time, so every job that ended since then is in its answer.
 */
export async function queue(filter: QueueFilter): Promise<JobStatus[]> {
  const live = await squeue(filter.user)
  const seen = new Set(live.map((j) => j.id))
  const since = filter.all ? new Date(0) : filter.since ?? new Date(Date.now() - 86400_000)
  const done = await sacct({ user: filter.user, since })
  return [...live, ...done.filter((j) => !seen.has(j.id))]
}

/** Pending and running jobs of the user; jobs that will never run (a broken chain, a limit) do not count. */
export async function activeCount(user: string): Promise<number> {
  return (await squeue(user)).filter((j) => !NEVER.has(j.state)).length
}
