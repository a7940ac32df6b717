// Every backend, imported up front: for the library, whose option helpers answer synchronously as
// python-cluster's did. The CLI never imports this file: it loads a backend only when it needs one.
import { backend as local } from './local/index.js'
import { backend as pbspro } from './pbspro/index.js'
import { backend as sge } from './sge/index.js'
import { backend as slurm } from './slurm/index.js'
import { backend as torque } from './torque/index.js'
import { detectQTypeSync } from './detectsync.js'
import { BACKEND_NAMES, parseQType } from './index.js'
import type { Backend, BackendName } from './types.js'

const LOADED = { slurm, sge, torque, pbspro, local } satisfies Record<BackendName, Backend>

/** Every backend, in detection order. */
export function loadedBackends(): Backend[] {
  return BACKEND_NAMES.map((n) => LOADED[n])
}

/** The backend asked for (a UsageError for an unknown name), else the one detected here. */
export function pickLoaded(asked?: string): Backend {
  return LOADED[asked ? parseQType(asked) : detectQTypeSync()]
}
