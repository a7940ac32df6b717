// The worker thread of detectsync.ts: runs detectQType with its log and notices sent to the waiting thread,
// then raises the shared flag (always, so that the waiting thread never waits for nothing).
import { workerData, type MessagePort } from 'node:worker_threads'
import type { DetectMessage } from './detectsync.js'

const { flag, port, level } = workerData as { flag: Int32Array; port: MessagePort; level: string }
const post = (m: DetectMessage) => port.postMessage(m)
Atomics.store(flag, 1, -1)
try {
  const { setLogLevel, useLog } = await import('../core/log.js')
  const { useNotices } = await import('../core/notices.js')
  const { BACKEND_NAMES, detectQType } = await import('./index.js')
  setLogLevel(level as Parameters<typeof setLogLevel>[0])
  useLog((at, line) => post({ log: at, line }))
  useNotices((notice) => post({ notice }))
  Atomics.store(flag, 1, BACKEND_NAMES.indexOf(await detectQType()))
} catch (e) {
  const err = e as { code?: string; message?: string; hint?: string }
  post({ error: { code: err.code ?? 'DETECT_FAILED', message: err.message ?? String(e), ...(err.hint ? { hint: err.hint } : {}) } })
} finally {
  Atomics.store(flag, 0, 1)
  Atomics.notify(flag, 0)
  port.close()
}
