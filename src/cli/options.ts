// `pcluster options`: every job keyword with synonyms, type and default, grouped as python-cluster's
// option_help grouped them (those used everywhere, then those only some batch systems have): the library's
// optionHelp, printed. --qtype keeps those that apply there. Reads the directive tables alone, not the backends.
import { BACKENDS, BACKEND_NAMES, directiveTables, parseQType } from '../backends/index.js'
import { optionRows, optionText } from '../core/optionhelp.js'
import { out } from './output.js'

export async function run(flags: Record<string, unknown>): Promise<void> {
  const only = flags.qtype ? parseQType(String(flags.qtype)) : undefined
  const tables = await directiveTables()
  const all = BACKEND_NAMES.map((n) => ({ name: n, title: BACKENDS[n].title, directives: tables[n] }))
  out(optionText(all, optionRows(all, only)))
}
