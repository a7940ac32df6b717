// A job's output file read on as it grows, as `tail -f` does: by its size, from where the last read stopped;
// a file not there yet (a job still pending) reads as nothing so far.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'

/** The most read at once: a large output goes out in pieces rather than whole in memory. */
const CHUNK = 1 << 20

export class FileTail {
  private offset = 0
  constructor(readonly path: string) {}

  /**
   * The bytes written since the last call, a piece at a time (an empty buffer: nothing new); nothing while the
   * file does not exist. A file that shrank (truncated, written anew) is read again from its start.
   */
  *read(): Generator<Buffer> {
    let fd: number
    try {
      fd = openSync(this.path, 'r')
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return
      throw e
    }
    try {
      const size = fstatSync(fd).size
      if (size < this.offset) this.offset = 0
      while (this.offset < size) {
        const buf = Buffer.alloc(Math.min(CHUNK, size - this.offset))
        const n = readSync(fd, buf, 0, buf.length, this.offset)
        if (n === 0) break
        this.offset += n
        yield buf.subarray(0, n)
      }
    } finally {
      closeSync(fd)
    }
  }
}
