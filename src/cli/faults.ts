// The operating system's refusals that no code path caught (a node:fs error: code, syscall, path), said as what
// they are, with the path and the cause, rather than as an internal error with a stack: main.ts's last resort.
import { FS_CAUSES } from '../core/fsfaults.js'

/** What pcluster was doing, in words, for the system call that failed. */
const DOING: Record<string, string> = {
  open: 'open', mkdir: 'create the folder', rmdir: 'remove the folder', unlink: 'delete', rename: 'rename',
  write: 'write', read: 'read', scandir: 'list the folder', stat: 'look at', lstat: 'look at', access: 'reach',
  copyfile: 'copy', chmod: 'change the mode of', symlink: 'link', realpath: 'find', utime: 'touch', readlink: 'read the link',
}

/** An operating system fault on a path, as message and hint; undefined for anything else (a real internal error). */
export function describeFault(err: unknown): { message: string; hint: string } | undefined {
  const e = err as NodeJS.ErrnoException | null
  if (!e || typeof e !== 'object' || typeof e.code !== 'string' || typeof e.path !== 'string') return undefined
  const known = FS_CAUSES[e.code]
  if (!known) return undefined
  const doing = (e.syscall && DOING[e.syscall]) ?? 'use'
  return { message: `cannot ${doing} ${e.path}: ${known.cause} (${e.code})`, hint: known.hint }
}
