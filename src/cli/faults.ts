// The operating system's refusals that no code path caught (a node:fs error: code, syscall, path), said as what
// they are, with the path and the cause, rather than as an internal error with a stack: main.ts's last resort.

/** What each expected fault means, and what to do about it (the path is added by the message). */
const CAUSES: Record<string, { cause: string; hint: string }> = {
  EACCES: { cause: 'permission denied', hint: 'check the permissions of that path and of the folders above it (ls -ld)' },
  EPERM: { cause: 'operation not permitted', hint: 'check the permissions of that path and of the folders above it (ls -ld)' },
  ENOSPC: { cause: 'no space left on the device', hint: 'free some space on that file system (df -h on the path), then try again' },
  EDQUOT: { cause: 'over your disk quota', hint: 'free some space within your quota (quota -s), then try again' },
  EROFS: { cause: 'the file system is read-only', hint: 'use a folder on a writable file system' },
  ENOENT: { cause: 'no such file or folder', hint: 'check the path: it, or a folder above it, does not exist' },
  ENOTDIR: { cause: 'a part of the path is a file, not a folder', hint: 'check the path: a folder in it is a file' },
  EISDIR: { cause: 'it is a folder, not a file', hint: 'give the path of a file' },
  ENAMETOOLONG: { cause: 'the name is too long', hint: 'use a shorter path' },
  ELOOP: { cause: 'too many symbolic links', hint: 'check the symbolic links on that path' },
  EMFILE: { cause: 'too many open files', hint: 'raise the limit on open files (ulimit -n), then try again' },
  EIO: { cause: 'an input/output error', hint: 'the disk or network file system failed: check it, then try again' },
}

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
  const known = CAUSES[e.code]
  if (!known) return undefined
  const doing = (e.syscall && DOING[e.syscall]) ?? 'use'
  return { message: `cannot ${doing} ${e.path}: ${known.cause} (${e.code})`, hint: known.hint }
}
