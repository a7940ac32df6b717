// `info`: the daemon's own account of itself (`pcluster local status`).
import { VERSION } from '../../core/version.js'
import type { Handler } from './context.js'

export const info: Handler<'info'> = (_req, { store, capacity, gpuSource, configured, paths, startedAt, lost }) => ({
  type: 'info', info: {
    pid: process.pid, version: VERSION, store: paths.store, socket: paths.socket, cores: capacity.cores, mem: capacity.mem,
    counts: store.counts(), startedAt, configured, gpus: [...capacity.gpus ?? []], gpuSource,
    ...(lost ? { lost } : {}),
  },
})
