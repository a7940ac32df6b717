// A local job as the store would hand it over, for the daemon's pure parts: ids count up per test run.
import type { LocalJob } from '../../../src/service/store.js'

let next = 1
export const job = (over: Partial<LocalJob> = {}): LocalJob => ({
  backend: 'local', id: String(next++), name: 'j', user: 'u', script: '', out: '', err: '', end: '', cwd: '/', env: {}, cores: 1,
  mem: null, time: null, depends: [], state: 'pending', rawState: 'PENDING', reason: '', exitCode: null, signal: null, blockedBy: null,
  pid: null, pidStart: null, submittedAt: new Date().toISOString(), startedAt: null, endedAt: null, stopRequestedAt: null,
  stopCause: null, args: [], begin: null, umask: null, maxRss: null, gpus: 0, gpuType: null, gpuIds: [], held: false, ...over,
})
