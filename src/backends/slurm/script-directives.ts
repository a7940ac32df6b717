// Reading a job script's own `#SBATCH` lines as sbatch reads them (sbatch 22.05 man page, "the batch script
// may contain options preceded with #SBATCH before any executable commands"): pure, for submit-file, where
// pcluster must know the files a script names, and for the local queue, which honours what it can of them.

/** One option of a directive line: its long name (short forms expanded) and its value, if any. */
export interface ScriptDirective {
  /** `--time`, `--job-name`... (an unknown short option stays as typed, `-x`). */
  option: string
  value: string | undefined
  /** As written, for messages: `-t 10`, `--partition=short`. */
  text: string
}

/** sbatch's short options (those that take a value), as the long ones they stand for. */
const SHORT: Record<string, string> = {
  A: '--account', a: '--array', b: '--begin', c: '--cpus-per-task', C: '--constraint', D: '--chdir', d: '--dependency',
  e: '--error', i: '--input', J: '--job-name', L: '--licenses', M: '--clusters', m: '--distribution', N: '--nodes',
  n: '--ntasks', o: '--output', p: '--partition', q: '--qos', t: '--time', w: '--nodelist', x: '--exclude', G: '--gpus',
}

/** Splits a directive's text into words as sbatch does: quotes group, a `#` after a space starts a comment. */
export function words(text: string): string[] {
  const out: string[] = []
  let cur: string | undefined
  let quote: string | undefined
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quote) {
      if (ch === quote) quote = undefined
      else if (ch === '\\' && quote === '"' && i + 1 < text.length) cur += text[++i]!
      else cur += ch
    } else if (ch === '"' || ch === "'") {
      quote = ch
      cur ??= ''
    } else if (/\s/.test(ch)) {
      if (cur !== undefined) out.push(cur)
      cur = undefined
    } else if (ch === '#' && cur === undefined) break
    else cur = (cur ?? '') + ch
  }
  if (cur !== undefined) out.push(cur)
  return out
}

/**
 * The options of a script's `#SBATCH` lines, in order: those at the very start of a line, before the first
 * line that is neither blank nor a comment (sbatch reads no further).
 */
export function readScriptDirectives(script: string): ScriptDirective[] {
  const found: ScriptDirective[] = []
  for (const line of script.split('\n')) {
    const trimmed = line.trim()
    if (trimmed && !trimmed.startsWith('#')) break
    if (!line.startsWith('#SBATCH')) continue
    const ws = words(line.slice('#SBATCH'.length))
    for (let i = 0; i < ws.length; i++) {
      const w = ws[i]!
      const next = ws[i + 1]
      const takesNext = next !== undefined && !next.startsWith('-')
      let m: RegExpExecArray | null
      if ((m = /^(--[A-Za-z][\w-]*)=(.*)$/.exec(w))) found.push({ option: m[1]!, value: m[2]!, text: w })
      else if (w.startsWith('--')) {
        found.push({ option: w, value: takesNext ? next : undefined, text: takesNext ? `${w} ${next}` : w })
        if (takesNext) i++
      } else if ((m = /^-([A-Za-z])(.*)$/.exec(w))) {
        const option = SHORT[m[1]!] ?? `-${m[1]}`
        if (m[2]) found.push({ option, value: m[2].replace(/^=/, ''), text: w })
        else {
          found.push({ option, value: takesNext ? next : undefined, text: takesNext ? `${w} ${next}` : w })
          if (takesNext) i++
        }
      }
    }
  }
  return found
}

/** The last value a script gives an option (sbatch: a later directive wins), or undefined. */
export function lastValue(directives: readonly ScriptDirective[], option: string): string | undefined {
  return directives.filter((d) => d.option === option && d.value !== undefined).pop()?.value
}
