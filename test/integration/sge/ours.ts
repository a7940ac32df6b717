// The project's own test Grid Engine as the tests see it: whether it may be used (test/run.sh's gate said so,
// and ours.sh recognises it now), and the environment that reaches it (SGE_ROOT, SGE_CELL, its real binaries).
import { execFileSync, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { ROOT } from '../../helpers.js'

const OURS_SH = join(ROOT, 'test', 'integration', 'sge', 'ours.sh')

/** Set by test/run.sh (gate.sh), and checked again here: a bare PCLUSTER_TEST_SGE=1 could point at a site's Grid Engine. */
export const HAVE_SGE = process.env.PCLUSTER_TEST_SGE === '1' && spawnSync('bash', [OURS_SH, 'check'], { stdio: 'ignore' }).status === 0

export const NO_SGE = 'not the project\'s test Grid Engine (test/run.sh starts and recognises it as root; the tests never touch another one)'

/** SGE_ROOT, SGE_CELL and PATH (the real binaries first: 0.02 s a call against 0.2 s for Debian's wrappers). */
export function sgeEnv(): Record<string, string> {
  if (!HAVE_SGE) return {}
  const lines = execFileSync('bash', [OURS_SH, 'env'], { encoding: 'utf8' }).trim().split('\n')
  return Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]))
}
