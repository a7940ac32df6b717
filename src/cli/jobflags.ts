// Job option flags for commander, generated from the option registry (synonyms as hidden flags), and the
// raw values they collect, keyed by canonical name.
import { Option, type Command } from 'commander'
import { BACKEND_NAMES, BACKENDS } from '../backends/index.js'
import { OPTIONS, appliesTo, type OptionSpec } from '../core/options.js'

export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value]
}

/** The job keyword flags (and their hidden synonyms) from the registry. */
export function addJobOptions(cmd: Command, opts: { forProfile?: boolean } = {}): Command {
  for (const spec of OPTIONS) {
    if (opts.forProfile && spec.inProfile === false) continue
    const repeatable = spec.kind === 'list'
    const where = BACKEND_NAMES.filter((n) => appliesTo(spec, BACKENDS[n].directives))
    const scope = where.length === BACKEND_NAMES.length ? '' : ` [${where.join(', ')} only]`
    const dflt = spec.shownDefault ? ` (default: ${spec.shownDefault})` : ''
    const help = `${spec.help}${scope}${dflt}${repeatable ? '; repeatable' : ''}`
    const flag = new Option(`--${spec.name} <${spec.placeholder}>`, help)
    if (repeatable) flag.argParser(collect)
    cmd.addOption(flag)
    for (const syn of spec.synonyms) {
      const hidden = new Option(`--${syn} <${spec.placeholder}>`).hideHelp()
      if (repeatable) hidden.argParser(collect)
      cmd.addOption(hidden)
    }
  }
  return cmd
}

/** Raw job option values from parsed flags, keyed by canonical name (synonyms folded in, lists merged). */
export function rawJobOptions(flags: Record<string, unknown>): Record<string, string | string[]> {
  const raw: Record<string, string | string[]> = {}
  const take = (spec: OptionSpec, key: string) => {
    const v = flags[key]
    if (v === undefined) return
    if (spec.kind === 'list') raw[spec.name] = [...((raw[spec.name] as string[] | undefined) ?? []), ...(v as string[])]
    else raw[spec.name] = v as string
  }
  for (const spec of OPTIONS) for (const k of [spec.name, ...spec.synonyms]) take(spec, k)
  return raw
}

