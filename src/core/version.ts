// pcluster's version: set at bundle time (esbuild --define), else read from package.json beside dist/.
import { readFileSync } from 'node:fs'

declare const PCLUSTER_VERSION: string | undefined

export const VERSION: string = typeof PCLUSTER_VERSION === 'string'
  ? PCLUSTER_VERSION
  : (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version
