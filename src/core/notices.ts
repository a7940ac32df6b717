// What pcluster tells the user without failing (a request trimmed to fit, directives a system ignores): the
// core and the backends hand each line to the sink their face installed, since the core prints nothing.

/** Receives one line, without the `pcluster:` prefix. */
export type NoticeSink = (line: string) => void

// a library caller who installed nothing still hears of it, the way Node libraries warn
let sink: NoticeSink = (line) => process.emitWarning(line, { code: 'PCLUSTER_NOTICE' })

/** Called by a face (src/cli/main.ts) to say where notices go. */
export function useNotices(to: NoticeSink): void {
  sink = to
}

/** Tells the user one line. */
export function notify(line: string): void {
  sink(line)
}
