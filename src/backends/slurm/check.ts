// `submit --check` on Slurm: the partition's limits (scontrol show partition -o) and its nodes' size (scontrol
// show node -o) checked against the job, then `sbatch --test-only` for whether and when the controller would
// start it. Both are needed: a site with EnforcePartLimits=NO (Slurm's default) queues a job over the
// partition's MaxTime, where it waits forever (PartitionTimeLimit), and --test-only says nothing of it.
import { runCommand } from '../../core/exec.js'
import { queryAnswer, runQuery } from '../../core/commandresults.js'
import { formatTime, type JobOptions } from '../../core/options.js'
import type { CheckResult, SubmitRequest } from '../types.js'
import { sbatchReason, submitArgv } from './submit.js'

export interface Partition {
  name: string
  isDefault: boolean
  state: string
  /** Seconds; undefined: no limit. */
  maxTime?: number
  maxNodes?: number
  /** MB. */
  maxMemPerNode?: number
  maxMemPerCpu?: number
  /** undefined: ALL. */
  allowAccounts?: string[]
  allowQos?: string[]
}

export interface SlurmNode {
  name: string
  /** RealMemory, MB. */
  memory: number
  cpus: number
  partitions: string[]
}

/** `Key=Value Key=Value ...` -> a map (a word without `=` belongs to the value before it: OS=Linux 6.1 ...). */
function pairs(line: string): Map<string, string> {
  const out = new Map<string, string>()
  let last: string | undefined
  for (const word of line.trim().split(/\s+/)) {
    const eq = word.indexOf('=')
    if (eq > 0) out.set((last = word.slice(0, eq)), word.slice(eq + 1))
    else if (last) out.set(last, `${out.get(last)} ${word}`)
  }
  return out
}

const unlimited = (v: string | undefined) => v === undefined || /^(UNLIMITED|INFINITE|NONE|n\/a|0)$/i.test(v)
const number = (v: string | undefined) => (unlimited(v) ? undefined : Number.isFinite(Number(v)) ? Number(v) : undefined)
const list = (v: string | undefined) => (v === undefined || v === 'ALL' ? undefined : v.split(','))

/** Slurm's duration forms ([D-]HH:MM:SS, [D-]HH:MM, MM:SS, MM, D-HH) in seconds; undefined for UNLIMITED. */
export function slurmDuration(text: string | undefined): number | undefined {
  if (unlimited(text)) return undefined
  const m = /^(?:(\d+)-)?(\d+)(?::(\d+))?(?::(\d+))?$/.exec(text!.trim())
  if (!m) return undefined
  const [, d, a, b, c] = m
  const days = Number(d ?? 0) * 86400
  if (d !== undefined) return days + Number(a) * 3600 + Number(b ?? 0) * 60 + Number(c ?? 0)
  if (c !== undefined) return Number(a) * 3600 + Number(b) * 60 + Number(c)
  if (b !== undefined) return Number(a) * 60 + Number(b)
  return Number(a) * 60
}

export function parsePartitions(text: string): Partition[] {
  return text.split('\n').filter((l) => l.startsWith('PartitionName=')).map((line) => {
    const p = pairs(line)
    return {
      name: p.get('PartitionName')!, isDefault: p.get('Default') === 'YES', state: p.get('State') ?? 'UP',
      maxTime: slurmDuration(p.get('MaxTime')), maxNodes: number(p.get('MaxNodes')),
      maxMemPerNode: number(p.get('MaxMemPerNode')), maxMemPerCpu: number(p.get('MaxMemPerCPU')),
      allowAccounts: list(p.get('AllowAccounts')), allowQos: list(p.get('AllowQos')),
    }
  })
}

export function parseNodes(text: string): SlurmNode[] {
  return text.split('\n').filter((l) => l.startsWith('NodeName=')).map((line) => {
    const p = pairs(line)
    return { name: p.get('NodeName')!, memory: Number(p.get('RealMemory') ?? 0), cpus: Number(p.get('CPUTot') ?? 0), partitions: (p.get('Partitions') ?? '').split(',').filter(Boolean) }
  })
}

const mb = (n: number) => (n >= 1024 && n % 1024 === 0 ? `${n / 1024}G` : `${n}M`)

/** Pure: why the job could never run in its partition, one line each naming the limit. */
export function partitionRefusals(options: JobOptions, partitions: readonly Partition[], nodes: readonly SlurmNode[]): string[] {
  const asked = options.partition
  const part = asked ? partitions.find((p) => p.name === asked) : partitions.find((p) => p.isDefault)
  if (!part) return asked ? [`there is no partition ${asked} (partitions: ${partitions.map((p) => p.name).join(', ')})`] : []
  const where = `partition ${part.name}`
  const out: string[] = []
  const { time, mem, cores, nodes: count, account, qos } = options
  const perCpu = options['mem-per-cpu']
  if (time !== undefined && time > 0 && part.maxTime !== undefined && time > part.maxTime)
    out.push(`--time ${formatTime(time)} is over ${where}'s MaxTime ${formatTime(part.maxTime)}`)
  if (time === 0 && part.maxTime !== undefined) out.push(`--time 0 (no limit) is over ${where}'s MaxTime ${formatTime(part.maxTime)}`)
  if (count !== undefined && part.maxNodes !== undefined && count > part.maxNodes) out.push(`--nodes ${count} is over ${where}'s MaxNodes ${part.maxNodes}`)
  if (mem && part.maxMemPerNode !== undefined && mem > part.maxMemPerNode) out.push(`--mem ${mb(mem)} is over ${where}'s MaxMemPerNode ${mb(part.maxMemPerNode)}`)
  if (perCpu && part.maxMemPerCpu !== undefined && perCpu > part.maxMemPerCpu) out.push(`--mem-per-cpu ${mb(perCpu)} is over ${where}'s MaxMemPerCPU ${mb(part.maxMemPerCpu)}`)
  const members = nodes.filter((n) => n.partitions.includes(part.name))
  if (members.length) {
    const most = Math.max(...members.map((n) => n.memory))
    const perNode = mem || (perCpu ? perCpu * (cores ?? 1) : 0)
    if (perNode > most) out.push(`${mem ? `--mem ${mb(mem)}` : `--mem-per-cpu ${mb(perCpu!)} × ${cores ?? 1} cores`} is more than any node of ${where} has (RealMemory ${mb(most)} at most)`)
    const cpus = Math.max(...members.map((n) => n.cpus))
    if (cores !== undefined && cores > cpus) out.push(`--cores ${cores} is more than any node of ${where} has (${cpus} CPUs at most)`)
    if (count !== undefined && count > members.length) out.push(`--nodes ${count} is more than ${where} has (${members.length})`)
  }
  if (account && part.allowAccounts && !part.allowAccounts.includes(account)) out.push(`--account ${account} is not among ${where}'s AllowAccounts (${part.allowAccounts.join(', ')})`)
  if (qos && part.allowQos && !part.allowQos.includes(qos)) out.push(`--qos ${qos} is not among ${where}'s AllowQos (${part.allowQos.join(', ')})`)
  return out
}

/** Pure: sbatch --test-only's answer: when and where it would start the job, or why it would not. */
export function parseTestOnly(exitCode: number | null, stderr: string): { start?: string; refused?: string } {
  if (exitCode === 0) {
    const m = /Job \d+ to start at (\S+) using (\d+) processors on nodes (\S+) in partition (\S+)/.exec(stderr)
    return { start: m ? `Slurm would start it at ${m[1]} on ${m[3]} (partition ${m[4]}, ${m[2]} CPUs)` : stderr.trim().split('\n').pop() }
  }
  return { refused: `sbatch --test-only: ${sbatchReason(stderr)}` }
}

async function scontrol(what: 'partition' | 'node'): Promise<string> {
  return queryAnswer(await runQuery(['scontrol', 'show', what, '-o']))
}

export async function check(req: SubmitRequest): Promise<CheckResult> {
  const options = req.job?.options ?? req.options ?? {}
  const [parts, nodes] = await Promise.all([scontrol('partition'), scontrol('node')])
  const refused = partitionRefusals(options, parsePartitions(parts), parseNodes(nodes))
  const argv = submitArgv(req).filter((a) => a !== '--parsable')
  argv.splice(1, 0, '--test-only')
  const res = await runCommand(argv, { cwd: req.cwd, timeoutMs: req.timeoutMs ?? 120_000 })
  if (res.error) queryAnswer(res) // not run, or no answer in time: a passing failure, said as every query's
  const answer = parseTestOnly(res.exitCode, res.stderr)
  return { refused: answer.refused ? [...refused, answer.refused] : refused, notes: answer.start && !refused.length ? [answer.start] : [] }
}
