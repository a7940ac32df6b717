// What a request handler may use: the loop (the one owner of transitions), the store to read, and its connection
// (for a watch's stream). A handler returns its answer; the server sends it.
import type { Socket } from 'node:net'
import type { LocalPaths } from '../../backends/local/paths.js'
import type { Answers, Request } from '../protocol.js'
import type { Loop } from '../loop.js'
import type { Capacity } from '../runner/scheduler.js'
import type { LostIds, Store } from '../store.js'
import type { Watchers } from '../watchers.js'

export interface HandlerContext {
  loop: Loop
  store: Store
  watchers: Watchers
  capacity: Capacity
  /** How the daemon found its GPUs (or what it looked at, finding none). */
  gpuSource: string
  /** [local] cores and mem as read when the daemon started. */
  configured: { cores: number | null; mem: number | null }
  paths: LocalPaths
  startedAt: string
  /** The ids whose jobs the store had lost when the daemon started. */
  lost: LostIds | undefined
  socket: Socket
  /** Leaves once the answer is out (the connection ended after it). */
  stop(): void
}

/** Answers one request (`watch`: nothing, its stream is the watchers'); a refusal is thrown as a ServiceError. */
export type Handler<T extends keyof Answers> = (req: Extract<Request, { type: T }>, ctx: HandlerContext) => Answers[T]
