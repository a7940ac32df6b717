// Reads PBS Pro's `qstat -f -F json` into job records (openpbs qstat.c; fixture
// qstat-xf-F-json-metacentrum-pbspro19-R.json). Known breakage comes from environment values
// (unescaped quotes, `\'`: openpbs PR #830, #2049; balsam #324): Variable_List is cut out before a retry.
import { flatten, type JobRecord } from '../qsub-family/records.js'

/** Cuts the `"Variable_List":{...}` objects (no nested objects inside them), the usual source of invalid JSON. */
function withoutEnvironment(text: string): string {
  return text.replace(/"Variable_List"\s*:\s*\{(?:[^{}"]|"(?:[^"\\\n]|\\.)*"|"[^\n]*?")*?\}\s*,?/g, '')
}

/** Every job in the answer, or undefined when it is not JSON even without its environment lists. */
export function parseQstatJson(text: string): JobRecord[] | undefined {
  if (!text.trim()) return []
  let doc: { Jobs?: Record<string, Record<string, unknown>> }
  try {
    doc = JSON.parse(text) as typeof doc
  } catch {
    try {
      doc = JSON.parse(withoutEnvironment(text).replace(/,(\s*})/g, '$1')) as typeof doc
    } catch {
      return undefined
    }
  }
  // "Jobs" is absent when nothing matched
  return Object.entries(doc.Jobs ?? {}).map(([id, job]) => {
    const { Variable_List: _env, ...rest } = job
    return { Job_Id: id, ...flatten(rest) }
  })
}
