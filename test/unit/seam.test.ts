// The seam, kept: outside its own folder no source names a batch system's commands or directive prefixes, and
// the core never imports the backend registry (it is handed backends), so a new backend is one folder plus
// one registry line.
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, it } from 'node:test'
import { ROOT } from '../helpers.js'

const SRC = join(ROOT, 'src')

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [])
}

const SCHEDULER_WORDS = /\b(sbatch|squeue|sacct|scancel|qsub|qstat|qdel|qacct)\b|#SBATCH|#PBS|#\$/

describe('the seam', () => {
  it('no scheduler command or directive prefix outside src/backends/<name>/', () => {
    const found: string[] = []
    for (const file of sources(SRC)) {
      const rel = relative(SRC, file)
      if (/^backends\/[^/]+\//.test(rel)) continue
      readFileSync(file, 'utf8').split('\n').forEach((line, i) => { if (SCHEDULER_WORDS.test(line)) found.push(`src/${rel}:${i + 1}: ${line.trim()}`) })
    }
    assert.deepEqual(found, [])
  })
  it('nothing in src/core imports the backend registry or a backend folder', () => {
    const found: string[] = []
    for (const file of sources(join(SRC, 'core'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/from '(\.\.\/backends\/[^']+)'/g))
        if (m[1] !== '../backends/types.js') found.push(`${relative(SRC, file)} imports ${m[1]}`)
    }
    assert.deepEqual(found, [])
  })
})
