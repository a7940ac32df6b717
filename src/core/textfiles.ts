// python-cluster's file helpers for scripts: open a plain, gzip or bzip2 file as one text stream, and split a
// file into parts (streamed, without counting its lines with wc first).
import { spawn } from 'node:child_process'
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs'
import { once } from 'node:events'
import { open } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { createInterface } from 'node:readline'
import { PassThrough, type Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import { FileError, UsageError } from './errors.js'

/** The compression a file's first bytes show (not its name: a `.gz` that is not gzip is read as it is). */
async function compression(path: string): Promise<'gzip' | 'bzip2' | 'plain'> {
  let fh
  try {
    fh = await open(path, 'r')
  } catch (e) {
    throw new FileError('CANNOT_READ', `cannot open ${path}: ${(e as Error).message}`, { path })
  }
  try {
    const { buffer, bytesRead } = await fh.read(Buffer.alloc(3), 0, 3, 0)
    if (bytesRead >= 2 && buffer[0] === 0x1f && buffer[1] === 0x8b) return 'gzip'
    if (bytesRead === 3 && buffer.toString('latin1') === 'BZh') return 'bzip2'
    return 'plain'
  } finally {
    await fh.close()
  }
}

/**
 * Opens a plain, gzip or bzip2 file (told by its first bytes) as a UTF-8 text stream (python-cluster's
 * open_zipped). gzip is node's own zlib; bzip2 is the `bzip2` program (the reference libbz2) read through a pipe:
 * native speed and streaming, where the pure-JavaScript decoders on npm are several times slower and a dependency
 * more; a machine without it gets a FileError saying so. A read error or a corrupt file is an 'error' event.
 */
export async function openZipped(path: string): Promise<Readable> {
  const kind = await compression(path)
  const raw = createReadStream(path)
  if (kind === 'plain') return raw.setEncoding('utf8')
  if (kind === 'gzip') {
    const out = raw.pipe(createGunzip())
    raw.on('error', (e) => out.destroy(e))
    return out.setEncoding('utf8')
  }
  const out = new PassThrough()
  const child = spawn('bzip2', ['-dc'], { stdio: ['pipe', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
  child.on('error', (e: NodeJS.ErrnoException) => out.destroy(e.code === 'ENOENT'
    ? new FileError('NO_BZIP2', `cannot read ${path}: it is bzip2-compressed and the bzip2 program is not on PATH`, { path, hint: 'install bzip2 (apt-get install bzip2)' })
    : e))
  raw.on('error', (e) => { child.kill(); out.destroy(e) })
  raw.pipe(child.stdin)
  child.stdin.on('error', () => undefined) // bzip2 leaving early is reported by its exit below
  child.stdout.pipe(out, { end: false })
  child.on('close', (code) => {
    if (code === 0) out.end()
    else out.destroy(new FileError('BAD_BZIP2', `cannot read ${path}: bzip2 said ${stderr.trim() || `exit ${code}`}`, { path }))
  })
  return out.setEncoding('utf8')
}

/**
 * Splits a (plain, gzip or bzip2) text file into `parts` files of consecutive lines, as even as can be, and
 * returns their paths (python-cluster's split_file): `NAME.1` ... `NAME.N` in `outpath` (default: beside the
 * file). With keepHeader (the default), the first line is a header and starts every part. Reads the file twice,
 * streamed (once to count its lines, once to write them), so that a file larger than memory splits too.
 */
export async function splitFile(path: string, parts: number, opts: { outpath?: string; keepHeader?: boolean } = {}): Promise<string[]> {
  if (!Number.isInteger(parts) || parts < 1) throw new UsageError('BAD_VALUE', `parts must be a whole number of at least 1, not ${parts}`)
  const keepHeader = opts.keepHeader ?? true
  const lines = async function* () {
    for await (const line of createInterface({ input: await openZipped(path), crlfDelay: Infinity })) yield line
  }
  let total = 0
  for await (const _ of lines()) total++
  const body = Math.max(0, total - (keepHeader ? 1 : 0))
  const dir = opts.outpath ?? join(path, '..')
  const stem = basename(path).replace(/\.(gz|bz2)$/, '')
  const count = Math.min(parts, Math.max(1, body))
  const paths = Array.from({ length: count }, (_, i) => join(dir, `${stem}.${i + 1}`))
  const sizes = paths.map((_, i) => Math.floor(body / count) + (i < body % count ? 1 : 0))
  let header: string | undefined
  let part = -1
  let left = 0
  let out: WriteStream | undefined
  // a part that cannot be written (no such folder, no permission, a full disk) rejects the promise, never an
  // 'error' event that no one hears (which ends the process)
  const failed = (w: WriteStream, e: unknown) => new FileError('CANNOT_WRITE', `cannot write ${String(w.path)}: ${(e as Error).message}`, { path: String(w.path) })
  const close = (w: WriteStream | undefined) => (w ? new Promise<void>((res, rej) => w.end((e?: Error | null) => (e ?? w.errored ? rej(failed(w, e ?? w.errored)) : res()))) : Promise.resolve())
  const write = async (w: WriteStream, text: string) => {
    if (w.errored) throw failed(w, w.errored)
    if (!w.write(text)) await once(w, 'drain').catch((e: unknown) => { throw failed(w, e) })
  }
  const create = async (p: string) => {
    const w = createWriteStream(p).on('error', () => undefined) // said by write and close
    await once(w, 'open').catch((e: unknown) => { throw failed(w, e) })
    return w
  }
  let first = true
  for await (const line of lines()) {
    if (first && keepHeader) {
      header = line
      first = false
      continue
    }
    first = false
    while (left === 0) {
      await close(out)
      part++
      left = sizes[part]!
      out = await create(paths[part]!)
      if (header !== undefined) await write(out, `${header}\n`)
    }
    await write(out!, `${line}\n`)
    left--
  }
  await close(out)
  // parts that got no lines (an empty file) still exist, with the header alone
  for (let i = part + 1; i < count; i++) {
    const w = await create(paths[i]!)
    if (header !== undefined) w.write(`${header}\n`)
    await close(w)
  }
  return paths
}
