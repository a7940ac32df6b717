// What an operating system refusal means (a node:fs error's code), in words, and what to do about it: the one
// table for the CLI's last resort (cli/faults.ts) and for the core's own messages that name a path (submission.ts).

/** What each expected fault means, and what to do about it (the path is added by the message). */
export const FS_CAUSES: Record<string, { cause: string; hint: string }> = {
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
  EEXIST: { cause: 'a file is in the way', hint: 'move that file away, or choose another path' },
  EIO: { cause: 'an input/output error', hint: 'the disk or network file system failed: check it, then try again' },
}

/** The cause of a file error in words (its code's, else its own message), for a message that names the path too. */
export function fsCause(err: unknown): string {
  const e = err as NodeJS.ErrnoException | null
  return (typeof e?.code === 'string' && FS_CAUSES[e.code]?.cause) || (e as Error | null)?.message || String(err)
}
