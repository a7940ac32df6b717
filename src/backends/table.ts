// Reading a backend's directive table: the one loop every backend's script uses to write its options, and the
// entries several backends share (a refusal, the --extra pass-through).
import { UsageError } from '../core/errors.js'
import { isAsked, type JobOptions } from '../core/options.js'
import type { DirectiveTable, Refusal } from './types.js'

/** A table entry for a keyword the system lacks where ignoring it would change the result. */
export function refuse(why: string, hint: string): Refusal {
  return { refuse: why, hint }
}

export function isRefusal(entry: unknown): entry is Refusal {
  return typeof entry === 'object' && entry !== null && 'refuse' in entry
}

/**
 * The directive arguments the table writes for these options, in the table's order (no prefix). A keyword
 * the table refuses is refused here too (core/job.ts refuses it earlier, before anything is written).
 */
export function renderTable(table: DirectiveTable, options: JobOptions): string[] {
  const lines: string[] = []
  for (const key of Object.keys(table) as (keyof DirectiveTable)[]) {
    const value = options[key]
    const render = table[key]
    if (!isAsked(value) || render === null) continue
    if (isRefusal(render)) throw new UsageError('NOT_SUPPORTED', render.refuse, { hint: render.hint })
    lines.push(...(render as (v: unknown) => string[])(value))
  }
  return lines
}

/**
 * --extra for a system whose directives start with `prefix`: each item is written after the prefix as it is.
 * An item that is itself a whole directive line (prefix and all, or any `#`) would be written after a second
 * prefix, which the scheduler reads as a comment: refused, showing what to give instead. options.ts refused newlines.
 */
export function extraDirectives(prefix: string): (v: string[]) => string[] {
  return (items) => items.map((it) => {
    if (it.startsWith('#') || it.startsWith(prefix))
      throw new UsageError('BAD_VALUE', `--extra ${JSON.stringify(it)}: give the directive without its ${prefix} prefix; pcluster writes it`, {
        hint: `--extra '${it.slice(it.startsWith(prefix) ? prefix.length : 1).trim() || '--constraint=avx512'}' is written as ${prefix} ${it.slice(it.startsWith(prefix) ? prefix.length : 1).trim() || '--constraint=avx512'}`,
      })
    return it
  })
}
