// What the registry shows of the local queue without loading it.
import type { BackendInfo } from '../types.js'

export const info = {
  name: 'local', title: 'the local queue', detectHint: 'nothing else is found', directivePrefix: '',
  idsPerHost: true,
  configKeys: ['cores', 'threads', 'mem', 'idle', 'strict', 'keep_days'], // read in config.ts
  readsEndRecords: true, // the loop merges it at each job's end (transitions.ts)
  listsAtOnce: true, // a job is committed before submit answers
  detectRequires: '',
} as const satisfies BackendInfo
