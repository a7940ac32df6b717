// A daemon of an older protocol still running after an upgrade: every request is refused by its hello, naming
// `pcluster local stop`, and that stop works (it speaks the old daemon's protocol: stop is the same in all).
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { createServer } from 'node:net'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { cli } from '../../helpers.js'
import { localEnv } from './env.js'

describe('local queue: a daemon of protocol 2 left running', () => {
  it('is refused with its own message, and pcluster local stop stops it', async () => {
    const t = localEnv(1)
    const dir = join(t.state, 'pcluster', 'local', hostname())
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    const asked: string[] = []
    // what a protocol-2 daemon answers (server.ts of that version): its hello refuses any other version
    const server = createServer((socket) => {
      socket.setEncoding('utf8')
      socket.on('data', (chunk: string) => {
        for (const line of chunk.split('\n').filter(Boolean)) {
          const msg = JSON.parse(line) as { type: string; version?: number }
          asked.push(msg.type === 'hello' ? `hello ${msg.version}` : msg.type)
          if (msg.type === 'hello' && msg.version !== 2) {
            socket.write(JSON.stringify({ type: 'error', code: 'PROTOCOL', message: `the local queue daemon speaks protocol 2, this pcluster ${msg.version}`,
              hint: 'pcluster local stop, then try again (queued jobs stay queued)', usage: false }) + '\n')
            socket.end()
          } else if (msg.type === 'hello') socket.write(JSON.stringify({ type: 'hello', version: 2, pid: process.pid }) + '\n')
          else if (msg.type === 'stop') {
            socket.write(JSON.stringify({ type: 'stopping' }) + '\n')
            socket.end()
            server.close()
          }
        }
      })
    })
    await new Promise<void>((resolve) => server.listen(join(dir, 'daemon.sock'), resolve))
    try {
      const q = await cli(['queue'], { env: t.env, cwd: t.dir })
      assert.equal(q.code, 1, q.stderr)
      assert.match(q.stderr, /speaks protocol 2, this pcluster 3\n {2}hint: pcluster local stop/)
      const stop = await cli(['local', 'stop'], { env: t.env, cwd: t.dir })
      assert.equal(stop.code, 0, stop.stderr)
      assert.match(stop.stderr, /local queue daemon stopped/)
      assert.deepEqual(asked.slice(-3), ['hello 3', 'hello 2', 'stop'])
    } finally {
      server.close()
    }
  })
})
