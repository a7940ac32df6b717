// The library's option helpers, python-cluster's options module: option_help (every keyword, where it applies,
// read off each backend's directive table) and option(s)_to_string (the directive lines a backend writes).
import type { Backend } from '../backends/types.js'
import { checkArguments, type Keywords } from './keywords.js'
import { appliesTo, OPTIONS, type JobOptions, type OptionSpec } from './options.js'
import { backends } from './resolver.js'

const TYPES: Record<OptionSpec['kind'], string> = { count: 'int', mem: 'size (MB)', time: 'time', word: 'str', text: 'str', list: 'list', path: 'path',
  flag: 'bool', int: 'int', gpus: 'gpus ([TYPE:]N)', signal: 'signal (SIG[@SECONDS])', mail: 'mail types', lines: 'list of directives' }

/** One keyword, as optionHelp's table gives it. */
export interface OptionHelpRow {
  name: string
  synonyms: string[]
  type: string
  default: string
  help: string
  /** The batch systems it has an effect on. */
  qtypes: string[]
}

/**
 * Every job keyword with its synonyms, type, default, help and the batch systems it applies to (python-cluster's
 * option_help). `qtype` keeps those that apply there; `mode: 'table'` returns rows, `'string'` (default) the
 * text `pcluster options` prints.
 */
export async function optionHelp(opts: { qtype?: string; mode: 'table' }): Promise<OptionHelpRow[]>
export async function optionHelp(opts?: { qtype?: string; mode?: 'string' }): Promise<string>
export async function optionHelp(opts: { qtype?: string; mode?: 'string' | 'table' } = {}): Promise<string | OptionHelpRow[]> {
  const all = await Promise.all(backends().names.map((n) => backends().load(n)))
  const only = opts.qtype ? (await backends().load(opts.qtype)).name : undefined
  const rows: OptionHelpRow[] = OPTIONS.map((spec) => ({
    name: spec.name, synonyms: [...spec.synonyms], type: TYPES[spec.kind], default: spec.shownDefault ?? 'none', help: spec.help,
    qtypes: all.filter((b) => appliesTo(spec, b.directives)).map((b) => b.name),
  })).filter((r) => !only || r.qtypes.includes(only))
  if (opts.mode === 'table') return rows
  const title = (r: OptionHelpRow) => r.qtypes.length === all.length ? 'Used everywhere'
    : `Used on ${r.qtypes.map((n) => all.find((b) => b.name === n)!.title).join(' and ')} only`
  const groups = new Map<string, OptionHelpRow[]>()
  for (const r of rows) groups.set(title(r), [...(groups.get(title(r)) ?? []), r])
  const lines: string[] = []
  for (const [t, list] of groups) {
    lines.push(`${t}:`)
    for (const r of list) {
      lines.push(`  ${r.name}${r.synonyms.length ? ` (synonyms: ${r.synonyms.join(', ')})` : ''}`)
      lines.push(`      ${r.help}`)
      lines.push(`      Type: ${r.type}; Default: ${r.default}`)
    }
    lines.push('')
  }
  return lines.join('\n')
}

/** The directive lines `backend` writes into a job script for these options (those it writes for any job taken out). */
function directiveLines(backend: Backend, options: JobOptions): string[] {
  if (!backend.directivePrefix) return []
  const files = { dir: '/', script: '/job.sh', out: '/job.out', err: '/job.err', end: '/job.end' }
  const lines = (o: JobOptions) => backend.renderScript({ name: 'job', command: 'true', options: o, files })
    .split('\n').filter((l) => l.startsWith(`${backend.directivePrefix} `))
  const always = lines({})
  return lines(options).filter((l) => {
    const i = always.indexOf(l)
    if (i < 0) return true
    always.splice(i, 1)
    return false
  })
}

/**
 * The directive lines the batch system's job script carries for these keywords (python-cluster's
 * options_to_string), one per line, each in the system's own directive syntax; '' for
 * the local queue (it reads no directives) and for keywords that system has no directive for. Values are checked
 * as everywhere (a UsageError for a bad one). `qtype` defaults to the system detected here.
 */
export async function optionsToString(options: Keywords, qtype?: string): Promise<string> {
  const backend = await backends().pick(qtype)
  const { depends: _, ...rest } = checkArguments(options) // dependencies are a submit argument, not a directive
  return directiveLines(backend, rest).join('\n')
}

/** One keyword's directive line(s) (python-cluster's option_to_string); '' where that system has none. */
export async function optionToString(name: string, value: Keywords[keyof Keywords], qtype?: string): Promise<string> {
  return optionsToString({ [name]: value } as Keywords, qtype)
}
