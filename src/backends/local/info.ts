// What the registry shows of the local queue without loading it.
import type { BackendInfo } from '../types.js'

export const info = {
  name: 'local', title: 'the local queue', detectHint: 'nothing else is found', directivePrefix: '',
  idsPerHost: true,
  detectRequires: '',
} as const satisfies BackendInfo
