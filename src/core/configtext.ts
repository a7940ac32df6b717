// What the ini parser does not tell about the config file's text: the line each key of a section is on, the
// lines outside any section, and python-cluster's list values (`modules = ['gcc', 'samtools']`).

/** The line (1-based) of each key of each section; the last one wins for a repeated key, as in the parsed INI. */
export function keyLines(text: string): Map<string, Map<string, number>> {
  const sections = new Map<string, Map<string, number>>()
  let current: Map<string, number> | undefined
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim()
    if (line === '' || line.startsWith(';') || line.startsWith('#')) return
    const header = /^\[(.*)\]$/.exec(line)
    if (header) {
      const name = header[1]!.trim()
      current = sections.get(name) ?? new Map()
      sections.set(name, current)
      return
    }
    current?.set(line.split('=')[0]!.trim(), i + 1)
  })
  return sections
}

/** Lines before the first `[section]` that are neither blank nor comments: read by nothing. */
export function strayLines(text: string): { line: number; text: string }[] {
  const stray: { line: number; text: string }[] = []
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim()
    if (/^\[.*\]$/.test(line)) break
    if (line !== '' && !line.startsWith(';') && !line.startsWith('#')) stray.push({ line: i + 1, text: line })
  }
  return stray
}

/**
 * A Python (or JSON) list literal as python-cluster wrote list options, `['gcc', 'samtools']` or `["a", "b"]`,
 * as pcluster's comma-separated form `gcc,samtools`; undefined when the value is not such a list.
 */
export function pythonList(value: string): string | undefined {
  const m = /^\s*\[(.*)\]\s*$/s.exec(value)
  if (!m) return undefined
  const items = m[1]!.split(',').map((s) => s.trim()).filter((s) => s !== '')
  return items.map((s) => s.replace(/^(['"])(.*)\1$/s, '$2')).join(',')
}

/**
 * A list of quoted strings as python writes one (`['--constraint=avx512', "--gres=gpu:1,mps:10"]`), items kept
 * whole whatever they hold; undefined when the value is not such a list (it is then one item).
 */
export function quotedList(value: string): string[] | undefined {
  const m = /^\s*\[(.*)\]\s*$/s.exec(value)
  if (!m) return undefined
  const items: string[] = []
  const rest = m[1]!.replace(/\s*(?:'([^']*)'|"([^"]*)")\s*(,|$)/g, (_, a: string | undefined, b: string | undefined) => {
    items.push(a ?? b ?? '')
    return ''
  })
  return rest.trim() === '' ? items : undefined
}

/** The list as quotedList reads it back. */
export function writeQuotedList(items: readonly string[]): string {
  return `[${items.map((it) => (it.includes("'") ? `"${it}"` : `'${it}'`)).join(', ')}]`
}
