// `pcluster options`: every job keyword with synonyms, type and default, grouped as python-cluster's
// option_help grouped them; --qtype keeps those that apply there.
import { parseQType } from '../backends/index.js'
import { OPTIONS, appliesTo, type OptionScope } from '../core/options.js'
import { out } from './output.js'

const GROUPS: [OptionScope, string][] = [
  ['common', 'Used in every mode'],
  ['cluster', 'Used on Slurm and Torque'],
  ['slurm', 'Used on Slurm only'],
  ['local', 'Used in local mode only'],
]

const TYPES = { count: 'int', mem: 'size (MB)', time: 'time', word: 'str', text: 'str', list: 'list', path: 'path' } as const

export async function run(flags: Record<string, unknown>): Promise<void> {
  const qtype = flags.qtype ? parseQType(String(flags.qtype)) : undefined
  const lines: string[] = []
  for (const [scope, title] of GROUPS) {
    const specs = OPTIONS.filter((o) => o.scope === scope && (!qtype || appliesTo(o, qtype)))
    if (!specs.length) continue
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
