// python-cluster's options module over the backends it is handed: option_help's rows and text (every keyword,
// where it applies, read off each backend's directive table) and option(s)_to_string (the directive lines a
// backend writes). Synchronous and pure: the faces hand it backends they loaded (src/optionhelp.ts, cli/options.ts).
import type { Backend } from '../backends/types.js'
import { checkArguments, type Keywords } from './keywords.js'
import { appliesTo, OPTIONS, type JobOptions, type OptionSpec } from './options.js'

const TYPES: Record<OptionSpec['kind'], string> = { count: 'int', mem: 'size (MB)', time: 'time', word: 'str', text: 'str', list: 'list',
  path: 'path', flag: 'flag', int: 'int (may be negative)', gpus: '[type:]int', signal: 'signal@seconds', mail: 'list', lines: 'directive (repeatable)' }

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

/** What option help reads of a backend: its names and its directive table. */
export type HelpBackend = Pick<Backend, 'name' | 'title' | 'directives'>

/** Every keyword with where it applies among `all` (every backend, in detection order); `only` keeps those of one. */
export function optionRows(all: readonly HelpBackend[], only?: string): OptionHelpRow[] {
  return OPTIONS.map((spec): OptionHelpRow => ({
    name: spec.name, synonyms: [...spec.synonyms], type: TYPES[spec.kind], default: spec.shownDefault ?? 'none', help: spec.help,
    qtypes: all.filter((b) => appliesTo(spec, b.directives)).map((b) => b.name),
  })).filter((r) => !only || r.qtypes.includes(only))
}

/** The rows as `pcluster options` prints them, grouped as python-cluster's option_help grouped them. */
export function optionText(all: readonly HelpBackend[], rows: readonly OptionHelpRow[]): string {
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
 * The directive lines `backend`'s job script carries for these keywords, one per line; '' for the local queue
 * (it reads no directives) and for keywords that system has no directive for. Values are checked as everywhere.
 */
export function directiveText(backend: Backend, options: Keywords): string {
  const { depends: _, ...rest } = checkArguments(options) // dependencies are a submit argument, not a directive
  return directiveLines(backend, rest).join('\n')
}
