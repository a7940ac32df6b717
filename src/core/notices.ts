// What pcluster tells the user without failing (a request trimmed to fit, directives a system ignores): the
// core and the backends hand each line to the sink their face installed, since the core prints nothing.
import { log } from './log.js'

/** Receives one line, without the `pcluster:` prefix. */
export type NoticeSink = (line: string) => void

// a warning of the one log, so that a library caller's setLogLevel and useLog govern notices too
let sink: NoticeSink = (line) => log.warn(line)

/** Called by a face (src/cli/main.ts) to say where notices go. */
export function useNotices(to: NoticeSink): void {
  sink = to
}

/** Tells the user one line. */
export function notify(line: string): void {
  sink(line)
}
