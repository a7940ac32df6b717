// The service's own errors: each a code of the one union in protocol.ts, and how any error is answered on the wire.
import { PclusterError } from '../core/errors.js'
import type { ErrorResponse, ServiceErrorCode } from './protocol.js'

export class ServiceError extends PclusterError {
  declare readonly code: ServiceErrorCode

  constructor(code: ServiceErrorCode, message: string, opts: { exitCode?: number; hint?: string } = {}) {
    super(code, message, opts)
  }
}

/** The code an error is answered with: a service error's own, else what failed (the store, the OS), else INTERNAL. */
function codeOf(e: unknown): ServiceErrorCode {
  if (e instanceof ServiceError) return e.code
  const code = (e as { code?: unknown } | undefined)?.code
  if ((e as Error | undefined)?.name === 'SqliteError' || (typeof code === 'string' && code.startsWith('SQLITE_'))) return 'STORE_FAILED'
  if (typeof (e as NodeJS.ErrnoException | undefined)?.errno === 'number') return 'OS_ERROR'
  return 'INTERNAL'
}

/** An error as the client hears it. */
export function errorResponse(e: unknown): ErrorResponse {
  const err = e as Partial<PclusterError>
  return { type: 'error', code: codeOf(e), message: err?.message ?? String(e), hint: err?.hint, usage: err?.exitCode === 2 }
}
