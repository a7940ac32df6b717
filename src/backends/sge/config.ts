// Grid Engine's own config section, [sge]: the parallel environment for --cores and the resource for --mem.
import { configSection, loadConfig, type Config } from '../../core/config.js'
import { FileError } from '../../core/errors.js'
import { info } from './info.js'

/** The keys read here: those `config set sge KEY` accepts. */
type Key = (typeof info.configKeys)[number]

export interface SgeSettings {
  /** The parallel environment --cores N asks for (`-pe PE N`); sites name their own, Debian's template has smp. */
  pe: string
  /** The per-slot memory resource --mem is written as: h_vmem (a hard limit) or mem_free (a scheduling hint). */
  memResource: string
  /** The parallel environment --tasks asks for, its slots tasks times cores (`-pe mpi 8`); default mpi. */
  mpiPe?: string
  /** The consumable --gpus is asked as (`-l gpu=2`): each site names its own, so none until [sge] gpu_resource says. */
  gpuResource?: string
  /** The boolean complex --exclusive is asked as (`-l exclusive=true`); none until [sge] exclusive_resource says. */
  exclusiveResource?: string
}

export const DEFAULT_SETTINGS: SgeSettings = { pe: info.configDefaults.pe, memResource: info.configDefaults.mem_resource }

const WORD = /^[A-Za-z_][A-Za-z0-9_.-]*$/

export function sgeSettings(config: Pick<Config, 'raw' | 'readFrom' | 'path'>): SgeSettings {
  const sec = configSection(config, 'sge')
  function word(key: Key, fallback: string): string
  function word(key: Key, fallback: undefined, example: string): string | undefined
  function word(key: Key, fallback: string | undefined, example = fallback): string | undefined {
    const v = sec.values?.[key]
    if (v === undefined) return fallback
    if (typeof v !== 'string' || !WORD.test(v))
      throw new FileError('BAD_CONFIG', `${sec.where}: [sge] ${key} must be a Grid Engine name such as ${example}, not ${JSON.stringify(v)}`, { path: sec.where, exitCode: 2 })
    return v
  }
  const gpuResource = word('gpu_resource', undefined, 'gpu')
  const exclusiveResource = word('exclusive_resource', undefined, 'exclusive')
  const mpiPe = word('mpi_pe', undefined, 'mpi')
  return {
    pe: word('pe', DEFAULT_SETTINGS.pe), memResource: word('mem_resource', DEFAULT_SETTINGS.memResource),
    ...(mpiPe ? { mpiPe } : {}), ...(gpuResource ? { gpuResource } : {}), ...(exclusiveResource ? { exclusiveResource } : {}),
  }
}

let config: Config | undefined
let loaded: SgeSettings | undefined
/** The settings of the config file pcluster reads (PCLUSTER_CONFIG or ~/.pcluster), read once per process. */
export function currentSettings(): SgeSettings {
  return (loaded ??= sgeSettings((config ??= loadConfig())))
}

/** That config file's path (where [sge] is to be set, whether or not the file exists yet). */
export function currentConfigFile(): string {
  config ??= loadConfig()
  return config.readFrom ?? config.path
}
