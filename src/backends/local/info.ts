// What the registry shows of the local queue without loading it.
import type { BackendInfo } from '../types.js'
import { DIRECTIVES } from './directives.js'

export const info = {
  name: 'local', title: 'the local queue', detectHint: 'nothing else is found', directivePrefix: '', directives: DIRECTIVES,
  idsPerHost: true,
} as const satisfies BackendInfo
