// Picks a backend by name, or detects one (sbatch first, then qsub, else the local queue). Each backend is
// loaded only when used.
import { UsageError } from '../core/errors.js'
import { QTYPES, type QType } from '../core/options.js'
import type { Backend, BackendName } from './types.js'

export const BACKENDS = {
  slurm: () => import('./slurm/index.js'),
  torque: () => Promise.reject(new UsageError('NOT_IMPLEMENTED', 'the torque backend is not available yet',
    { hint: 'use --qtype slurm, or --qtype local once it lands' })),
  local: () => import('./local/index.js'),
} satisfies Record<BackendName, () => Promise<{ backend: Backend }>>

export function parseQType(value: string): QType {
  if ((QTYPES as readonly string[]).includes(value)) return value as QType
  throw new UsageError('BAD_VALUE', `invalid value '${value}' for --qtype`, { hint: `--qtype accepts ${QTYPES.join(', ')}` })
}

/** The batch system to use: the one asked for, else the first found (sbatch, then qsub), else local. */
export async function detectQType(asked?: string): Promise<QType> {
  if (asked) return parseQType(asked)
  const env = process.env.PCLUSTER_QTYPE
  if (env) return parseQType(env)
  const { onPath } = await import('../core/exec.js')
  if (await onPath('sbatch')) return 'slurm'
  if (await onPath('qsub')) return 'torque'
  return 'local'
}

export async function loadBackend(qtype: QType): Promise<Backend> {
  return (await BACKENDS[qtype]()).backend
}
