// `pcluster options`: every job keyword with synonyms, type and default, grouped as python-cluster's
// option_help grouped them: those used everywhere, then those only some batch systems have (read off each
// backend's directive table). --qtype keeps those that apply there.
import { BACKEND_NAMES, BACKENDS, directiveTables, parseQType } from '../backends/index.js'
import { OPTIONS, type OptionSpec } from '../core/options.js'
import { whereApplies } from './jobflags.js'
import { out } from './output.js'

const TYPES = { count: 'int', mem: 'size (MB)', time: 'time', word: 'str', text: 'str', list: 'list', path: 'path',
  flag: 'flag', int: 'int (may be negative)', gpus: '[type:]int', signal: 'signal@seconds', mail: 'list', lines: 'directive (repeatable)' } as const

export async function run(flags: Record<string, unknown>): Promise<void> {
  const only = flags.qtype ? parseQType(String(flags.qtype)) : undefined
  const tables = await directiveTables()
  const groups = new Map<string, OptionSpec[]>()
  for (const spec of OPTIONS) {
    const where = whereApplies(spec, tables)
    if (only && !where.includes(only)) continue
    const title = where.length === BACKEND_NAMES.length ? 'Used everywhere'
      : `Used on ${where.map((n) => BACKENDS[n as keyof typeof BACKENDS].title).join(' and ')} only`
    groups.set(title, [...(groups.get(title) ?? []), spec])
  }
  const lines: string[] = []
  for (const [title, specs] of groups) {
    lines.push(`${title}:`)
    for (const o of specs) {
      lines.push(`  ${o.name}${o.synonyms.length ? ` (synonyms: ${o.synonyms.join(', ')})` : ''}`)
      lines.push(`      ${o.help}`)
      lines.push(`      Type: ${TYPES[o.kind]}; Default: ${o.shownDefault ?? 'none'}`)
    }
    lines.push('')
  }
  out(lines.join('\n'))
}
