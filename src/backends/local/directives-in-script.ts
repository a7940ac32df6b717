// What the local queue makes of a script's own #SBATCH lines (submit-file), pure: those it can honour on one
// machine (time, name, output, error, cores, memory, working directory, begin, GPUs, hold) and, by what was written,
// those it ignores, for one line to the user. A value sbatch would refuse is refused here too.
import { UsageError } from '../../core/errors.js'
import { parseMem, parseTime } from '../../core/options.js'
import { lastValue, readScriptDirectives, type ScriptDirective } from '../slurm/script-directives.js'
import { BEGIN_FORMS, parseBegin } from './begin.js'

export interface LocalScriptReading {
  name?: string
  /** Seconds; 0 for no limit. */
  time?: number
  /** Path patterns (%j, %x, %u), relative to the job's working directory. */
  out?: string
  err?: string
  cores?: number
  /** MB */
  mem?: number
  /** The job's working directory, relative to the submit folder. */
  chdir?: string
  /** As written: parsed when the job is sent. */
  begin?: string
  /** --gpus / -G / --gpus-per-node (one machine is one node): checked against the daemon's GPUs at submit. */
  gpus?: { count: number; type?: string }
  /** --hold / -H: pending until pcluster release. */
  hold?: boolean
  /** The directives it does not honour, as written (`--partition=short`). */
  ignored: string[]
}

const HONOURED = new Set(['--time', '--job-name', '--output', '--error', '--cpus-per-task', '--mem', '--chdir', '--begin', '--gpus',
  '--gpus-per-node', '--hold', '-H'])

/** One node and one task is how every local job runs: saying so asks for nothing it ignores. */
const alreadySo = (d: ScriptDirective) => (d.option === '--nodes' || d.option === '--ntasks') && d.value === '1'

function bad(d: ScriptDirective, what: string): UsageError {
  return new UsageError('BAD_DIRECTIVE', `the script's #SBATCH ${d.text}: ${what}`)
}

/** Reads a script's directives as the local queue honours them. */
export function readLocalDirectives(script: string): LocalScriptReading {
  const ds = readScriptDirectives(script)
  const reading: LocalScriptReading = { ignored: ds.filter((d) => !HONOURED.has(d.option) && !alreadySo(d)).map((d) => d.text) }
  const last = (option: string) => ds.filter((d) => d.option === option && d.value !== undefined).pop()
  const time = last('--time')
  if (time) reading.time = parseTime(time.value!) ?? (() => { throw bad(time, 'not a time limit (minutes, HH:MM:SS, D-HH:MM:SS...)') })()
  const cores = last('--cpus-per-task')
  if (cores) {
    if (!/^\d+$/.test(cores.value!) || Number(cores.value) < 1) throw bad(cores, 'not a whole number of cores')
    reading.cores = Number(cores.value)
  }
  const mem = last('--mem')
  if (mem) reading.mem = parseMem(mem.value!) ?? (() => { throw bad(mem, 'not a size (4000, 500M, 4G)') })()
  const begin = last('--begin')
  if (begin) {
    if (!parseBegin(begin.value!)) throw bad(begin, `not a time (${BEGIN_FORMS})`)
    reading.begin = begin.value!
  }
  const gpus = ds.filter((d) => (d.option === '--gpus' || d.option === '--gpus-per-node') && d.value !== undefined).pop()
  if (gpus) {
    const m = /^(?:([A-Za-z][A-Za-z0-9_.-]*):)?(\d+)$/.exec(gpus.value!)
    if (!m || Number(m[2]) < 1) throw bad(gpus, 'not a number of GPUs (2, or TYPE:N: a100:2)')
    reading.gpus = m[1] ? { count: Number(m[2]), type: m[1] } : { count: Number(m[2]) }
  }
  if (ds.some((d) => d.option === '--hold' || d.option === '-H')) reading.hold = true
  for (const [option, key] of [['--job-name', 'name'], ['--output', 'out'], ['--error', 'err'], ['--chdir', 'chdir']] as const) {
    const v = lastValue(ds, option)
    if (v !== undefined) reading[key] = v
  }
  return reading
}
