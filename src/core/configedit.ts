// Edits of the config file's text in place: one key's line replaced, a key appended to its section, a section
// added at the end, a key or a section taken out. Every other line (comments, blank lines, spacing, keys
// pcluster does not know) stays as the user wrote it, byte for byte.
import { safe } from 'ini'

/** One line of the file, as the INI reader sees it. */
type Line = { kind: 'header'; section: string } | { kind: 'key'; key: string } | { kind: 'other' }

function classify(raw: string): Line {
  const line = raw.trim()
  if (line === '' || line.startsWith(';') || line.startsWith('#')) return { kind: 'other' }
  const header = /^\[(.*)\]$/.exec(line)
  if (header) return { kind: 'header', section: header[1]!.trim() }
  return { kind: 'key', key: line.split('=')[0]!.trim() }
}

/** The text as lines (each without its line end), the line end the file uses, and whether its last line has one. */
interface Text { lines: string[]; eol: string; ended: boolean }

function split(text: string): Text {
  const eol = text.includes('\r\n') ? '\r\n' : '\n'
  const lines = text === '' ? [] : text.split(/\r?\n/)
  const ended = text === '' || text.endsWith('\n')
  if (ended && lines.length) lines.pop() // after the final line end
  return { lines, eol, ended }
}

function join({ eol, ended }: Text, lines: readonly string[]): string {
  return lines.length ? `${lines.join(eol)}${ended ? eol : ''}` : ''
}

/** The section each line is in ('' before the first header), with what the line is. */
function scan(lines: readonly string[]): { section: string; line: Line }[] {
  let section = ''
  return lines.map((raw) => {
    const line = classify(raw)
    if (line.kind === 'header') section = line.section
    return { section, line }
  })
}

/**
 * What follows the value of a key line (from the blank before it): the INI reader ends an unquoted value at an
 * unescaped `;` or `#`, an inline comment, which a new value keeps.
 */
function inlineComment(rest: string): string {
  if (/^\s*["']/.test(rest)) return ''
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '\\') i++
    else if (rest[i] === ';' || rest[i] === '#') return `${/\s*$/.exec(rest.slice(0, i))![0]}${rest.slice(i)}`
  }
  return ''
}

/** `key = value`, or the line given with its value replaced (its spacing and inline comment kept). */
function keyLine(key: string, value: string, old?: string): string {
  if (old === undefined || !old.includes('=')) return `${key} = ${safe(value)}`
  const eq = old.indexOf('=')
  const lead = /^\s*/.exec(old.slice(eq + 1))![0]
  return `${old.slice(0, eq + 1)}${lead}${safe(value)}${inlineComment(old.slice(eq + 1))}`
}

/**
 * Sets `key` in `[section]`: the last line of a key that `same` matches (by default the key itself, as written)
 * gets the new value and the other such lines go; else the key is appended after the section's last key; else
 * the section is added at the end of the file.
 */
export function setKeyText(text: string, section: string, key: string, value: string, same: (k: string) => boolean = (k) => k === key): string {
  const t = split(text)
  const { lines } = t
  const at = scan(lines)
  const matches = at.flatMap((l, i) => (l.section === section && l.line.kind === 'key' && same(l.line.key) ? [i] : []))
  if (matches.length) {
    const last = matches[matches.length - 1]!
    lines[last] = keyLine(key, value, lines[last])
    return join(t, lines.filter((_, i) => !matches.includes(i) || i === last))
  }
  const headers = at.flatMap((l, i) => (l.line.kind === 'header' && l.section === section ? [i] : []))
  if (headers.length) {
    const header = headers[headers.length - 1]!
    let after = header
    for (let i = header + 1; i < at.length && at[i]!.line.kind !== 'header'; i++) if (at[i]!.line.kind === 'key') after = i
    lines.splice(after + 1, 0, keyLine(key, value))
    return join(t, lines)
  }
  if (lines.length && lines[lines.length - 1]!.trim() !== '') lines.push('')
  lines.push(`[${section}]`, keyLine(key, value))
  return join({ ...t, ended: true }, lines)
}

/** Takes out every line in `[section]` of a key that `same` matches. */
export function deleteKeyText(text: string, section: string, same: (k: string) => boolean): string {
  const t = split(text)
  const at = scan(t.lines)
  return join(t, t.lines.filter((_, i) => {
    const { section: s, line } = at[i]!
    return !(s === section && line.kind === 'key' && same(line.key))
  }))
}

/**
 * Takes out `[section]` (every header of that name) with its keys and the comments between them; comments and
 * blank lines after its last key are kept (they may be about the next section), but for a blank line that
 * would double another or end the file.
 */
export function deleteSectionText(text: string, section: string): string {
  const t = split(text)
  const { lines } = t
  const at = scan(lines)
  const drop = new Set<number>()
  for (let i = 0; i < at.length; i++) {
    if (at[i]!.line.kind !== 'header' || at[i]!.section !== section) continue
    let end = i
    for (let j = i + 1; j < at.length && at[j]!.line.kind !== 'header'; j++) if (at[j]!.line.kind === 'key') end = j
    for (let j = i; j <= end; j++) drop.add(j)
    const blank = (k: number) => k >= 0 && k < lines.length && lines[k]!.trim() === ''
    if (end + 1 >= lines.length) {
      if (blank(i - 1)) drop.add(i - 1) // the file ends at the section: no blank line left at its end
    } else if (blank(end + 1) && (i === 0 || blank(i - 1))) drop.add(end + 1)
  }
  return join(t, lines.filter((_, i) => !drop.has(i)))
}

/** Whether the file has a `[section]` header. */
export function hasSection(text: string, section: string): boolean {
  return scan(split(text).lines).some((l) => l.line.kind === 'header' && l.section === section)
}
