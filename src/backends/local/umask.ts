// The submitting process's umask, sent with each job so that the job creates its files as the submitter's
// shell would (a detached daemon's own umask is whatever the first command that started it had).
import { readFileSync } from 'node:fs'

/** From /proc (reading it through process.umask() would set it for a moment); undefined where there is none. */
export function readUmask(): number | undefined {
  try {
    const m = /^Umask:\s*([0-7]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))
    return m ? parseInt(m[1]!, 8) : undefined
  } catch {
    return undefined
  }
}
