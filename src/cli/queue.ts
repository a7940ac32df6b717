// `pcluster queue`: the user's jobs as a table, or as JSON.
import { detectQType, loadBackend } from '../backends/index.js'
import { UsageError } from '../core/errors.js'
import { closest } from '../core/options.js'
import { Queue } from '../core/queue.js'
import { JOB_STATES, isFinal, type JobState } from '../core/states.js'
import { currentUser } from '../core/user.js'
import { json, out, table } from './output.js'

function parseStates(value: unknown): JobState[] | undefined {
  if (value === undefined) return undefined
  return String(value).split(',').map((s) => s.trim().toLowerCase()).filter(Boolean).map((s) => {
    if ((JOB_STATES as readonly string[]).includes(s)) return s as JobState
    const near = closest(s, JOB_STATES)
    throw new UsageError('BAD_VALUE', `unknown state '${s}' for --state`, {
      hint: `${near ? `did you mean '${near}'? ` : ''}states: ${JOB_STATES.join(', ')}`,
    })
  })
}

export async function run(flags: Record<string, unknown>): Promise<void> {
  const who = String(flags.user ?? 'self')
  const user = who === 'all' ? undefined : who === 'self' ? currentUser() : who
  const states = parseStates(flags.state)
  const backend = await loadBackend(await detectQType(flags.qtype as string | undefined))
  const jobs = await new Queue(backend).list({ user, states })
  if (flags.json) return json(jobs)
  if (!jobs.length) return out('no jobs')
  out(await table(['ID', 'NAME', 'USER', 'PARTITION', 'STATE', 'EXIT', 'REASON', 'NODES', 'CORES'],
    jobs.map((j) => [j.id, j.name, j.user, j.partition, j.state, j.exitCode,
      isFinal(j.state) || j.reason === 'None' ? '' : j.reason, j.nodes || j.nodeCount, j.cores])))
}
