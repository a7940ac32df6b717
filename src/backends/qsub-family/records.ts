// A job as Torque and PBS Pro describe it: attribute name -> value text, nested resources flattened with a
// dot (`Resource_List.walltime`), as `qstat -f` prints them. Every reader (XML, JSON, text) yields these.
export type JobRecord = Record<string, string>

/** Flattens a parsed XML or JSON job object: `{Resource_List: {walltime: '1:00:00'}}` -> `Resource_List.walltime`. */
export function flatten(obj: Record<string, unknown>, prefix = '', into: JobRecord = {}): JobRecord {
  for (const [key, value] of Object.entries(obj)) {
    const name = prefix ? `${prefix}.${key}` : key
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) flatten(value as Record<string, unknown>, name, into)
    else if (Array.isArray(value)) into[name] = value.map(String).join(',') // an element repeated by a server
    else if (value !== null && value !== undefined) into[name] = String(value)
  }
  return into
}

/**
 * Reads `qstat -f` text (Torque prt_attr @6.1.3, PBS Pro alike): `Job Id: ID`, then `    name = value`
 * lines; a value continues on lines starting with a tab (wrapped at 77 columns, fixture
 * qstat-f-ichec-H-R-C-Q-exit271.txt) and on lines that start with neither (bare newlines in `sched_hint`,
 * same fixture). The one exception to the tab rule is a file whose tabs were expanded to spaces
 * (qstat-f-gadi-pbspro-R-Q.txt): a line of 5 or more spaces without ` = ` continues too.
 */
export function parseQstatF(text: string): JobRecord[] {
  const jobs: JobRecord[] = []
  let job: JobRecord | undefined
  let last: string | undefined
  for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
    const head = /^Job Id:\s*(\S+)/.exec(line)
    if (head) {
      jobs.push((job = { Job_Id: head[1]! }))
      last = undefined
      continue
    }
    if (!job) continue
    const attr = /^ {4}([A-Za-z_][\w.]*) = ?(.*)$/.exec(line)
    if (attr) {
      job[attr[1]!] = attr[2]!
      last = attr[1]!
    } else if (line.startsWith('\t') && last) job[last] += line.slice(1)
    else if (/^ {5,}\S/.test(line) && last) job[last] += line.trim()
    else if (line.trim() === '') last = undefined
    else if (last) job[last] += `\n${line}`
  }
  return jobs
}
