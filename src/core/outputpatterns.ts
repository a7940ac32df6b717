// Output path patterns (--outfile, --errfile): `%j` the job id, `%x` the job name, `%u` the user, `%%` a
// literal `%`. One meaning on every backend: these are Slurm's own --output letters that every backend can
// honour; any other `%` is refused rather than read one way here and another there.
import { UsageError } from './errors.js'

export type PatternField = 'j' | 'x' | 'u'

/** Literal text, or a field filled in later. */
export type PatternPart = string | { field: PatternField }

export const PATTERN_HELP = '%j job id, %x job name, %u user, %% a literal %'

/**
 * The parts of a pattern. A `%` that is none of %j, %x, %u, %% makes it undefined when `strict`; else it stays
 * as it is written: Slurm's letters pcluster cannot know (%A, %N), which a script's own output directive may
 * use (submit-file reads it).
 */
function partsOf(pattern: string, strict: boolean): PatternPart[] | undefined {
  const parts: PatternPart[] = []
  let text = ''
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!
    if (c !== '%') {
      text += c
      continue
    }
    const next = pattern[++i]
    if (next === '%') text += '%'
    else if (next === 'j' || next === 'x' || next === 'u') {
      if (text) parts.push(text)
      parts.push({ field: next })
      text = ''
    } else if (strict) return undefined
    else text += `%${next ?? ''}`
  }
  if (text) parts.push(text)
  return parts
}

/** The parts of a pattern; undefined when it has a `%` that is none of %j, %x, %u, %%. */
export function parsePattern(pattern: string): PatternPart[] | undefined {
  return partsOf(pattern, true)
}

/** Refuses a pattern with a `%` pcluster cannot give the same meaning everywhere. */
export function checkPattern(option: string, value: string): void {
  if (parsePattern(value) === undefined)
    throw new UsageError('BAD_VALUE', `invalid value ${JSON.stringify(value)} for --${option}: a % that is not one of %j, %x, %u, %%`, {
      hint: `in --${option}: ${PATTERN_HELP} (the same on every backend)`,
    })
}

/** A literal path as a pattern: every `%` doubled, so no backend reads one as a field. */
export function literalPattern(path: string): string {
  return path.replaceAll('%', '%%')
}

/** Whether the pattern names the job id, which is known only once the job is submitted. */
export function needsId(pattern: string): boolean {
  return (parsePattern(pattern) ?? []).some((p) => typeof p !== 'string' && p.field === 'j')
}

/** The pattern with the fields known before submission (%x, %u, %%) filled in: text, and `{ field: 'j' }` parts. */
export function fillKnown(pattern: string, values: { name: string; user: string }): PatternPart[] {
  const parts: PatternPart[] = []
  for (const p of partsOf(pattern, false)!) {
    const text = typeof p === 'string' ? p : p.field === 'x' ? values.name : p.field === 'u' ? values.user : undefined
    if (text === undefined) parts.push(p)
    else if (typeof parts[parts.length - 1] === 'string') parts[parts.length - 1] += text
    else parts.push(text)
  }
  return parts
}

/** The path a pattern names once the job has its id: the one expander of %j, for pcluster's patterns and a script's own. */
export function expandPattern(pattern: string, values: { id: string; name: string; user: string }): string {
  return fillKnown(pattern, values).map((p) => (typeof p === 'string' ? p : values.id)).join('')
}
