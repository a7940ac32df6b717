// Job option flags for commander, generated from the option registry (synonyms as hidden flags), and the
// raw values they collect, keyed by canonical name.
import { Option, type Command } from 'commander'
import type { DirectiveTable } from '../backends/types.js'
import { OPTIONS, appliesTo, type OptionSpec } from '../core/options.js'

/** Kinds whose flag may be given again, each adding items. */
const REPEATABLE = new Set(['list', 'mail', 'lines'])

/** The key commander stores a flag under: --mem-per-cpu as memPerCpu. */
const camel = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())

export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value]
}

/** The backends a keyword applies to, read off their directive tables, in registry order. */
export function whereApplies(spec: OptionSpec, tables: Readonly<Record<string, DirectiveTable>>): string[] {
  return Object.keys(tables).filter((n) => appliesTo(spec, tables[n]!))
}

/**
 * The job keyword flags (and their hidden synonyms) from the registry. With the backends' directive tables
 * (loaded only when help is drawn), each flag's help says where it applies.
 */
export function addJobOptions(cmd: Command, opts: {
  forProfile?: boolean
  tables?: Readonly<Record<string, DirectiveTable>>
  /** Keywords parsed but left out of --help (refused by the core with its reason: submit-file's --modules). */
  hidden?: readonly string[]
  /** No default applies (submit-file: the script's own lines stand for what is not given): none is shown. */
  noDefaults?: boolean
} = {}): Command {
  for (const spec of OPTIONS) {
    if (opts.forProfile && spec.inProfile === false) continue
    const repeatable = REPEATABLE.has(spec.kind)
    const where = opts.tables ? whereApplies(spec, opts.tables) : []
    const scope = !opts.tables || where.length === Object.keys(opts.tables).length ? '' : ` [${where.join(', ')} only]`
    const dflt = spec.shownDefault && !opts.noDefaults ? ` (default: ${spec.shownDefault})` : ''
    const help = `${spec.help}${scope}${dflt}${repeatable ? '; repeatable' : ''}`
    const arg = spec.kind === 'flag' ? '' : ` <${spec.placeholder}>`
    const flag = new Option(`--${spec.name}${arg}`, help)
    if (opts.hidden?.includes(spec.name)) flag.hideHelp()
    if (repeatable) flag.argParser(collect)
    cmd.addOption(flag)
    for (const syn of spec.synonyms) {
      const hidden = new Option(`--${syn}${arg}`).hideHelp()
      if (repeatable) hidden.argParser(collect)
      cmd.addOption(hidden)
    }
  }
  return cmd
}

/** Raw job option values from parsed flags, keyed by canonical name (synonyms folded in, lists merged). */
export function rawJobOptions(flags: Record<string, unknown>): Record<string, string | string[] | boolean> {
  const raw: Record<string, string | string[] | boolean> = {}
  const take = (spec: OptionSpec, key: string) => {
    const v = flags[camel(key)]
    if (v === undefined) return
    if (REPEATABLE.has(spec.kind)) raw[spec.name] = [...((raw[spec.name] as string[] | undefined) ?? []), ...(v as string[])]
    else raw[spec.name] = v as string | boolean
  }
  for (const spec of OPTIONS) for (const k of [spec.name, ...spec.synonyms]) take(spec, k)
  return raw
}

