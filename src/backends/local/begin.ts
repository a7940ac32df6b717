// --begin on the local queue, read as sbatch reads it (sbatch 22.05 man page, --begin): `now+N[unit]`,
// `HH:MM[:SS]` (tomorrow when that time has passed today), `YYYY-MM-DD[THH:MM[:SS]]`, and the words `now`,
// `today`, `tomorrow`, `midnight`, `noon`, `teatime` (16:00). Local time, as Slurm's. Pure.

const UNITS: Record<string, number> = { '': 1, s: 1, sec: 1, second: 1, seconds: 1, m: 60, min: 60, minute: 60, minutes: 60,
  h: 3600, hour: 3600, hours: 3600, d: 86400, day: 86400, days: 86400, w: 604800, week: 604800, weeks: 604800 }

/** The forms accepted, for error messages. */
export const BEGIN_FORMS = 'now+N[seconds|minutes|hours|days|weeks], HH:MM[:SS], YYYY-MM-DD[THH:MM[:SS]], today, tomorrow, midnight, noon, teatime'

function atDay(day: Date, h: number, m: number, s: number): Date {
  return new Date(day.getFullYear(), day.getMonth(), day.getDate(), h, m, s)
}

/** The time `text` names, seen from `now`; undefined when it is not one of BEGIN_FORMS. */
export function parseBegin(text: string, now: Date = new Date()): Date | undefined {
  const v = text.trim().toLowerCase()
  let m: RegExpExecArray | null
  if ((m = /^now(?:\+(\d+)\s*([a-z]*))?$/.exec(v))) {
    const unit = UNITS[m[2] ?? '']
    const at = unit === undefined ? undefined : new Date(now.getTime() + Number(m[1] ?? 0) * unit * 1000)
    return at && Number.isFinite(at.getTime()) ? at : undefined // beyond any date: no time at all
  }
  const tomorrow = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1)
  const words: Record<string, Date> = {
    today: atDay(now, 0, 0, 0), tomorrow, midnight: tomorrow, noon: atDay(now, 12, 0, 0), teatime: atDay(now, 16, 0, 0),
  }
  if (Object.hasOwn(words, v)) {
    const t = words[v]!
    // noon and teatime already past today mean tomorrow's, as a time of day does
    return (v === 'noon' || v === 'teatime') && t < now ? new Date(t.getTime() + 86400_000) : t
  }
  const valid = (h: number, mi: number, s: number) => h < 24 && mi < 60 && s < 60
  if ((m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(v))) {
    const [h, mi, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)]
    if (!valid(h, mi, s)) return undefined
    const t = atDay(now, h, mi, s)
    return t < now ? atDay(tomorrow, h, mi, s) : t
  }
  if ((m = /^(\d{4})-(\d{2})-(\d{2})(?:t(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(v))) {
    const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m![i] ?? 0)) as [number, number, number, number, number, number]
    if (!valid(h, mi, s) || mo < 1 || mo > 12) return undefined
    const t = new Date(y, mo - 1, d, h, mi, s)
    return t.getDate() === d ? t : undefined // 2026-02-30 is no day
  }
  return undefined
}
