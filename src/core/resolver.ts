// How the core gets a backend without knowing any: the CLI and the library hand it a resolver (the registry
// in src/backends/index.ts), so that imports point one way, faces -> core -> the Backend interface.
import type { Backend, BackendInfo } from '../backends/types.js'
import { PclusterError } from './errors.js'

export interface BackendResolver {
  /** Every backend name, in detection order. */
  readonly names: readonly string[]
  /** What each backend is (name, title, whether its ids are per host) without loading it, in detection order. */
  readonly infos: readonly BackendInfo[]
  /** The backend of that name (a UsageError for an unknown one). */
  load(name: string): Promise<Backend>
  /** The one asked for, else the one detected here. */
  pick(asked?: string): Promise<Backend>
  /** The backends that read a section of the config named after them ([local], [sge]), with its keys. */
  readonly configKeys: Readonly<Record<string, readonly string[]>>
  /** Their keys' values while the file does not set them, where a key has a fixed one. */
  readonly configDefaults: Readonly<Record<string, Readonly<Record<string, string>>>>
}

let installed: BackendResolver | undefined

/** Called once by each face (src/index.ts, src/cli/main.ts) before anything else. */
export function useBackends(resolver: BackendResolver): void {
  installed = resolver
}

/** The resolver a face installed. */
export function backends(): BackendResolver {
  if (!installed) throw new PclusterError('NO_BACKENDS', 'no backend registry installed (import pcluster, not its core files)')
  return installed
}
