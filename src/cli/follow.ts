// Writing a job's output files out as they grow until the job ends (`output --follow`, `submit --wait` on a
// terminal): the job's state comes through the wait machinery (pushed on the local queue, polled elsewhere),
// the files are looked at by size a few times a second; once the job has ended, what is left is written.
import type { Backend } from '../backends/types.js'
import { FileTail } from '../core/filetail.js'
import { Queue } from '../core/queue.js'
import { describeFailure, isFinal, type JobStatus } from '../core/states.js'
import { stdout, warn } from './output.js'

/** How often the files are looked at (a stat each): often enough to read as live, cheap for hours. */
const LOOK_MS = 250

export interface Stream {
  path: string
  to: 'stdout' | 'stderr'
}

/**
 * Writes a file's new pieces to `sink`, each once the one before has gone (a slow reader holds the next read);
 * a reader that went away (`| head`) ends it, what is left dropped.
 */
export async function copyTail(tail: FileTail, sink: NodeJS.WritableStream & { destroyed?: boolean }): Promise<void> {
  for (const piece of tail.read()) {
    if (sink.destroyed) return
    if (sink.write(piece)) continue
    await new Promise<void>((resolve) => {
      const done = () => { sink.off('drain', done); sink.off('close', done); resolve() }
      sink.on('drain', done).on('close', done)
    })
  }
}

/** Copies what is new in each file to where it goes. */
async function copy(tails: readonly { tail: FileTail; to: Stream['to'] }[]): Promise<void> {
  for (const { tail, to } of tails) await copyTail(tail, to === 'stdout' ? stdout() : process.stderr)
}

/**
 * Follows the files until job `id` ends, then writes the rest; the job's final status (a failure said on
 * stderr after the output, as `wait` says it). Two streams naming one file (stdout and stderr merged) are
 * followed once.
 */
export async function followJob(backend: Backend, id: string, streams: readonly Stream[]): Promise<JobStatus> {
  const seen = new Set<string>()
  const tails = streams.filter((s) => !seen.has(s.path) && seen.add(s.path)).map((s) => ({ tail: new FileTail(s.path), to: s.to }))
  let ended = false
  const waiting = new Queue(backend).wait([id]).finally(() => { ended = true })
  waiting.catch(() => {}) // its fault is met below
  while (!ended) {
    await copy(tails)
    await Promise.race([waiting.catch(() => {}), new Promise((r) => setTimeout(r, LOOK_MS))])
  }
  const [status] = await waiting
  await copy(tails)
  if (status!.state !== 'completed' && isFinal(status!.state))
    warn(`pcluster: job ${id}${status!.name ? ` (${status!.name})` : ''} ${describeFailure(status!)}`)
  return status!
}
