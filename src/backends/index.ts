// The registry: every backend, in detection order, each one line. What help needs (names, titles, directive
// tables) is here without loading a backend; the backend itself is imported only when used.
import { log } from '../core/log.js'
import { UsageError } from '../core/errors.js'
import type { BackendResolver } from '../core/resolver.js'
import { info as slurm } from './slurm/info.js'
import { info as sge } from './sge/info.js'
import { info as torque } from './torque/info.js'
import { info as pbspro } from './pbspro/info.js'
import { info as local } from './local/info.js'
import type { Backend, BackendInfo, BackendName, DirectiveTable } from './types.js'

interface Entry extends BackendInfo {
  load: () => Promise<{ backend: Backend }>
  /** The directive table alone (for help and `pcluster options`), without the rest of the backend. */
  table: () => Promise<{ DIRECTIVES: DirectiveTable }>
}

export const BACKENDS = {
  slurm: { ...slurm, load: () => import('./slurm/index.js'), table: () => import('./slurm/directives.js') },
  sge: { ...sge, load: () => import('./sge/index.js'), table: () => import('./sge/directives.js') },
  torque: { ...torque, load: () => import('./torque/index.js'), table: () => import('./torque/directives.js') },
  pbspro: { ...pbspro, load: () => import('./pbspro/index.js'), table: () => import('./pbspro/directives.js') },
  local: { ...local, load: () => import('./local/index.js'), table: () => import('./local/directives.js') },
} satisfies Record<BackendName, Entry>

export const BACKEND_NAMES = Object.keys(BACKENDS) as BackendName[]

/** A backend name as typed (--qtype, PCLUSTER_QTYPE), or a UsageError listing the known ones. */
export function parseQType(value: string, where = '--qtype'): BackendName {
  if (Object.hasOwn(BACKENDS, value)) return value as BackendName
  // "pbs" names two systems: the one the user has is one of these
  const later = /^(pbs|openpbs)$/i.test(value) ? ' (PBS Pro and OpenPBS are pbspro; Torque is torque)' : ''
  throw new UsageError('BAD_VALUE', `invalid value '${value}' for ${where}${later}`, { hint: `${where} accepts ${BACKEND_NAMES.join(', ')}` })
}

export async function loadBackend(name: string): Promise<Backend> {
  return (await BACKENDS[parseQType(name)].load()).backend
}

/** The batch system to use: the one asked for, else $PCLUSTER_QTYPE, else the first whose detect() says yes. */
export async function detectQType(asked?: string): Promise<BackendName> {
  if (asked) return said(parseQType(asked), 'asked for (--qtype)')
  const env = process.env.PCLUSTER_QTYPE
  if (env) return said(parseQType(env, 'PCLUSTER_QTYPE'), 'PCLUSTER_QTYPE')
  const { onPath } = await import('../core/exec.js')
  const found = new Map<string, Promise<boolean>>() // several backends may need one command: one scan each
  const has = (cmd: string) => (found.get(cmd) ?? found.set(cmd, onPath(cmd)).get(cmd))!
  for (const name of BACKEND_NAMES) {
    const needs = BACKENDS[name].detectRequires
    if (needs && !(await has(needs))) { log.debug(`${name}: no ${needs} on PATH`); continue }
    if (await (await loadBackend(name)).detect()) return said(name, `detected (${BACKENDS[name].detectHint})`)
    log.debug(`${name}: ${needs ?? 'its command'} is on PATH, but it does not answer as ${BACKENDS[name].title}`)
  }
  return said('local', 'no batch system found')
}

function said(name: BackendName, why: string): BackendName {
  log.debug(`batch system: ${name}, ${why}`)
  return name
}

/** Every backend's directive table, by name (which options apply where is read off them). */
export async function directiveTables(): Promise<Record<BackendName, DirectiveTable>> {
  const tables = await Promise.all(BACKEND_NAMES.map(async (n) => [n, (await BACKENDS[n].table()).DIRECTIVES] as const))
  return Object.fromEntries(tables) as Record<BackendName, DirectiveTable>
}

/** The same, loaded. */
export async function pickBackend(asked?: string): Promise<Backend> {
  return loadBackend(await detectQType(asked))
}

/** What the CLI and the library hand the core: how to get a backend by name, or the one to use here. */
export const registry: BackendResolver = {
  names: BACKEND_NAMES, infos: BACKEND_NAMES.map((n) => BACKENDS[n]), load: loadBackend, pick: pickBackend,
  configKeys: Object.fromEntries(BACKEND_NAMES.flatMap((n) => {
    const keys = (BACKENDS[n] as BackendInfo).configKeys
    return keys ? [[n, keys]] : []
  })),
  configDefaults: Object.fromEntries(BACKEND_NAMES.flatMap((n) => {
    const defaults = (BACKENDS[n] as BackendInfo).configDefaults
    return defaults ? [[n, defaults]] : []
  })),
}

/** For --help: how the default is found, in each backend's own words (its detectHint), in detection order. */
export function detectionHelp(): string {
  const entries = BACKEND_NAMES.map((n) => BACKENDS[n])
  return entries.map((e, i) => (i === entries.length - 1 ? `else ${e.name}` : `${e.name} when ${e.detectHint}`)).join(', ')
}
