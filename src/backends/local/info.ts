// What the registry shows of the local queue without loading it.
import type { BackendInfo } from '../types.js'

export const info = {
  name: 'local', title: 'the local queue', detectHint: 'nothing else is found', directivePrefix: '',
  idsPerHost: true,
  configKeys: ['cores', 'threads', 'mem', 'idle', 'strict', 'keep_days'], // read in config.ts
  configDefaults: { idle: '60', strict: 'false', keep_days: '14' }, // cores and mem: all of the machine's
  readsEndRecords: true, // the loop merges it at each job's end (transitions.ts)
  listsAtOnce: true, // a job is committed before submit answers
  detectRequires: '',
} as const satisfies BackendInfo
