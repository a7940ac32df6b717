// Newline-delimited JSON between client and daemon: messages split across chunks anywhere, several in one
// chunk, a bad line handed over as a SyntaxError without losing the next.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { lineReader } from '../../../src/service/protocol.js'

describe('lineReader', () => {
  it('reassembles messages however the stream is cut', () => {
    const messages = [{ type: 'hello', version: 2 }, { type: 'statuses', jobs: Array.from({ length: 500 }, (_, i) => ({ id: String(i) })) }, { type: 'end' }]
    const text = messages.map((m) => JSON.stringify(m)).join('\n') + '\n\nnot json\n' + JSON.stringify({ type: 'after' }) + '\n'
    for (const size of [1, 7, 64, 4096, text.length]) {
      const got: unknown[] = []
      const feed = lineReader((m) => got.push(m))
      for (let i = 0; i < text.length; i += size) feed(text.slice(i, i + size))
      assert.deepEqual(got.slice(0, 3), messages, `chunks of ${size}`)
      assert.ok(got[3] instanceof SyntaxError, `chunks of ${size}`)
      assert.deepEqual(got[4], { type: 'after' })
      assert.equal(got.length, 5)
    }
  })
})
