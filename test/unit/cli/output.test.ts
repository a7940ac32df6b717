// Tables: drawn with borders for a screenful; beyond, plain aligned columns streamed (cli-table3 took seconds
// for a few thousand rows).
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { direct, DRAWN_ROWS, table } from '../../../src/cli/output.js'

async function captured(fn: () => Promise<void>): Promise<string[]> {
  const chunks: string[] = []
  const write = process.stdout.write
  const small = direct.write
  process.stdout.write = ((c: string | Uint8Array) => { chunks.push(String(c)); return true }) as typeof process.stdout.write
  direct.write = (b) => { chunks.push(Buffer.from(b).toString()); return b.length }
  try { await fn() } finally { process.stdout.write = write; direct.write = small }
  return chunks
}

describe('table', () => {
  it('a screenful is drawn with borders', async () => {
    const text = (await captured(() => table(['ID', 'NAME'], [[1, 'a'], [2, null]]))).join('')
    assert.match(text, /│ ID │ NAME │/)
    assert.match(text, /│ 2  │      │/)
  })
  it('more rows are plain columns, aligned, one line per row, in chunks', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => [String(i + 1), i === 5 ? 'a much longer name' : 'x', 'multi\nline'])
    const chunks = await captured(() => table(['ID', 'NAME', 'REASON'], rows))
    const lines = chunks.join('').split('\n').slice(0, -1)
    assert.ok(rows.length > DRAWN_ROWS)
    assert.ok(chunks.length > 1, 'written as it goes, not as one string')
    assert.equal(lines.length, 20_001)
    assert.equal(lines[0], 'ID     NAME                REASON')
    assert.equal(lines[6], '6      a much longer name  multi line')
    assert.equal(lines[20_000], '20000  x                   multi line')
  })
})
