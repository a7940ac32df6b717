// The last local id handed out, kept outside the store and on disk before the id is answered: a store that lost
// its last transactions (its -wal file lost or damaged) would otherwise hand their ids out again.
import { closeSync, constants, fdatasyncSync, openSync, readSync, writeSync } from 'node:fs'
import { ServiceError } from './errors.js'

/** Wide enough for any id, so that each write replaces the whole of the last one in place. */
const WIDTH = 20

export class IdMark {
  private readonly fd: number

  constructor(readonly path: string) {
    try {
      this.fd = openSync(path, constants.O_RDWR | constants.O_CREAT, 0o600)
    } catch (e) {
      throw new ServiceError('ID_MARK', `the local queue's id mark ${path} cannot be opened: ${(e as Error).message}`)
    }
  }

  /** The last id handed out (0: none yet, or a mark from before pcluster kept one). */
  read(): number {
    const buf = Buffer.alloc(WIDTH + 2)
    const text = buf.toString('utf8', 0, readSync(this.fd, buf, 0, buf.length, 0)).trim()
    if (!text) return 0
    if (!/^\d+$/.test(text))
      throw new ServiceError('ID_MARK', `the local queue's id mark ${this.path} holds ${JSON.stringify(text)}, not the last id handed out`,
        { hint: 'remove it only if the store beside it is whole: the store then says the last id again' })
    return Number(text)
  }

  /** Records `id` as handed out, on disk before it returns (one sector, written in place). */
  advance(id: number): void {
    writeSync(this.fd, `${String(id).padEnd(WIDTH)}\n`, 0)
    fdatasyncSync(this.fd)
  }

  close(): void {
    closeSync(this.fd)
  }
}
