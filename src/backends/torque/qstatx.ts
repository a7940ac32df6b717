// Reads Torque's `qstat -x` XML into job records (u_MXML.c, qstat.c @6.1.3). The only file that loads
// fast-xml-parser, and only when a status is asked. Real servers print XML that is not quite XML: cleaned first.
import { XMLParser } from 'fast-xml-parser'
import { flatten, type JobRecord } from '../qsub-family/records.js'

/**
 * Makes a real answer parseable: no `<?xml?>` line before 6.0.4 (fixture qstat-x-fyrd-stanford-mixed-array.xml)
 * but one per document in 6.x, several documents for several ids (`qstat -x A B`); values are written
 * unescaped: a raw `&`, `<` written as byte 0x0E ("temp hack 14" in MXMLSetVal), control characters from
 * `-V` in Variable_List (dropped whole, as fyrd does), raw newlines (kept); entities such as `&apos;` may
 * appear too (fixture qstat-x-mxenes-torque6-C.xml).
 */
export function cleanQstatX(text: string): string {
  return text
    .replace(/<\?xml[^>]*\?>/g, '')
    .replace(/<Variable_List>[\s\S]*?<\/Variable_List>/g, '')
    .replace(/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/g, '&amp;')
    .replace(/\x0e/g, '&lt;')
    // eslint-disable-next-line no-control-regex
    .replace(/[\x00-\x08\x0b\x0c\x0f-\x1f]/g, '')
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false, // ids such as `1000` and exit codes such as `-3` stay text
  processEntities: true,
  trimValues: true,
  isArray: (name, jpath) => name === 'Data' || jpath === 'pbs.Data.Job',
})

/** Every job in a `qstat -x` answer; an empty answer (Torque < 6.0.2) or `<Data></Data>` is no jobs. */
export function parseQstatX(text: string): JobRecord[] {
  const clean = cleanQstatX(text).trim()
  if (!clean) return []
  const doc = parser.parse(`<pbs>${clean}</pbs>`) as { pbs?: { Data?: unknown[] } | string }
  const data = typeof doc.pbs === 'object' ? doc.pbs.Data ?? [] : []
  const jobs: JobRecord[] = []
  for (const d of data) {
    if (!d || typeof d !== 'object') continue // <Data></Data>
    for (const job of (d as { Job?: unknown[] }).Job ?? []) if (job && typeof job === 'object') jobs.push(flatten(job as Record<string, unknown>))
  }
  return jobs
}
