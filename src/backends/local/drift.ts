// A running daemon keeps the cores and memory it started with: when [local] says otherwise now, the user hears
// it once per submit and in `local status`, with how to apply it. Pure.

export interface RunningQueue {
  cores: number
  /** MB */
  mem: number
  /** [local] cores and mem as they were when it started (null: not set). */
  configured: { cores: number | null; mem: number | null }
}

/** One line when the config changed since the daemon started, else undefined. */
export function driftNotice(running: RunningQueue, now: { cores: number | null; mem: number | null }): string | undefined {
  const said: string[] = []
  if (now.cores !== running.configured.cores) said.push(`${running.cores} cores; the config says ${now.cores ?? 'all of the machine'}`)
  if (now.mem !== running.configured.mem) said.push(`${running.mem} MB; the config says ${now.mem === null ? 'all of the machine' : `${now.mem} MB`}`)
  if (!said.length) return undefined
  return `the running local queue has ${said.join(', and ')}: pcluster local stop && pcluster local start applies it`
}
