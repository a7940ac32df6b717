// Reading a backend's directive table: the one loop every backend's script uses to write its options.
import type { JobOptions } from '../core/options.js'
import type { DirectiveTable } from './types.js'

/** The directive arguments the table writes for these options, in the table's order (no prefix). */
export function renderTable(table: DirectiveTable, options: JobOptions): string[] {
  const lines: string[] = []
  for (const key of Object.keys(table) as (keyof DirectiveTable)[]) {
    const value = options[key]
    const render = table[key] as ((v: unknown) => string[]) | null
    if (value !== undefined && render !== null) lines.push(...render(value))
  }
  return lines
}
