// `pcluster options`: every job keyword with synonyms, type and default, grouped as python-cluster's
// option_help grouped them (those used everywhere, then those only some batch systems have): the library's
// optionHelp, printed. --qtype keeps those that apply there.
import { parseQType } from '../backends/index.js'
import { optionHelp } from '../core/optionhelp.js'
import { out } from './output.js'

export async function run(flags: Record<string, unknown>): Promise<void> {
  out(await optionHelp(flags.qtype ? { qtype: parseQType(String(flags.qtype)) } : {}))
}
