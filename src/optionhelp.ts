// The library's option helpers, python-cluster's options module: optionHelp (option_help), optionsToString and
// optionToString (options_to_string, option_to_string), synchronous as python-cluster's were, over every backend
// loaded up front (backends/loaded.ts). A face may print: optionHelp's mode 'print' writes to stdout.
import { parseQType } from './backends/index.js'
import { loadedBackends, pickLoaded } from './backends/loaded.js'
import { UsageError } from './core/errors.js'
import type { Keywords } from './core/keywords.js'
import { directiveText, optionRows, optionText, type OptionHelpRow } from './core/optionhelp.js'

export type { OptionHelpRow }

const MODES = ['string', 'print', 'table'] as const

/**
 * Every job keyword with its synonyms, type, default, help and the batch systems it applies to (python-cluster's
 * option_help). `qtype` keeps those that apply there. `mode`: `'string'` (default) returns the text
 * `pcluster options` prints, `'print'` prints it to stdout, `'table'` returns the rows.
 */
export function optionHelp(opts: { qtype?: string; mode: 'table' }): OptionHelpRow[]
export function optionHelp(opts: { qtype?: string; mode: 'print' }): void
export function optionHelp(opts?: { qtype?: string; mode?: 'string' }): string
export function optionHelp(opts: { qtype?: string; mode?: 'string' | 'print' | 'table' } = {}): string | OptionHelpRow[] | void {
  const mode = opts.mode ?? 'string'
  if (!MODES.includes(mode))
    throw new UsageError('BAD_VALUE', `invalid optionHelp mode ${JSON.stringify(mode)}`, { hint: `mode is one of ${MODES.map((m) => `'${m}'`).join(', ')}` })
  const all = loadedBackends()
  const rows = optionRows(all, opts.qtype ? parseQType(opts.qtype, 'qtype') : undefined)
  if (mode === 'table') return rows
  const text = optionText(all, rows)
  if (mode === 'string') return text
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`)
}

/**
 * The directive lines the batch system's job script carries for these keywords (python-cluster's
 * options_to_string), one per line, each in the system's own directive syntax; '' for the local queue (it
 * reads no directives) and for keywords that system has no directive for. A null value means the default.
 * Values are checked as everywhere (a UsageError for a bad one). `qtype` defaults to the system detected here.
 */
export function optionsToString(options: Keywords, qtype?: string): string {
  return directiveText(pickLoaded(qtype), options)
}

/** One keyword's directive line(s) (python-cluster's option_to_string); '' where that system has none. */
export function optionToString(name: string, value: Keywords[keyof Keywords], qtype?: string): string {
  return optionsToString({ [name]: value } as Keywords, qtype)
}
