// An operating system fault no code path caught (a missing or read-only folder, a full disk) is said with the
// path and the cause, exit 1, never "internal error" with a stack (main.ts's last resort, cli/faults.ts).
import assert from 'node:assert/strict'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { describeFault } from '../../src/cli/faults.js'
import { cli, testEnv } from '../helpers.js'

describe('operating system faults', () => {
  it('a state folder that cannot be made (XDG_STATE_HOME is a file) names the path and the cause, exit 1 (queue)', async () => {
    const t = testEnv({ PCLUSTER_QTYPE: 'local' })
    const file = join(t.dir, 'not-a-folder')
    writeFileSync(file, '')
    // submit checks its own records first and says so itself (core/submission.ts); queue meets the fault raw
    const r = await cli(['queue'], { env: { ...t.env, XDG_STATE_HOME: file }, cwd: t.dir })
    assert.equal(r.code, 1, r.stderr)
    assert.match(r.stderr, new RegExp(`^pcluster: cannot create the folder ${file}/pcluster/\\S+: a part of the path is a file, not a folder \\(ENOTDIR\\)\n` +
      '  hint: check the path: a folder in it is a file\n$'))
  })

  it('a filedir that cannot be made under a folder that refuses it (/proc/sys) is said, not looped on', { skip: !existsSync('/proc/sys') && 'no /proc/sys here' }, async () => {
    const t = testEnv({ PCLUSTER_QTYPE: 'local' })
    // Node's recursive mkdirSync loops for ever there (the parent exists, the child is refused with ENOENT)
    const r = await cli(['submit', '--filedir', '/proc/sys/pcluster-test', 'true'], { env: t.env, cwd: t.dir })
    assert.equal(r.code, 1, r.stderr)
    assert.equal(r.stderr, 'pcluster: cannot create filedir /proc/sys/pcluster-test: no such file or folder\n')
  })

  it('says each expected fault of node:fs plainly, with the path; anything else stays an internal error', () => {
    const fault = (code: string, syscall: string, path: string) => Object.assign(new Error(`${code}: x, ${syscall} '${path}'`), { code, syscall, path })
    assert.deepEqual(describeFault(fault('ENOSPC', 'write', '/data/a.out')),
      { message: 'cannot write /data/a.out: no space left on the device (ENOSPC)', hint: 'free some space on that file system (df -h on the path), then try again' })
    assert.equal(describeFault(fault('EROFS', 'open', '/ro/x.sh'))?.message, 'cannot open /ro/x.sh: the file system is read-only (EROFS)')
    assert.equal(describeFault(fault('EACCES', 'mkdir', '/home/u/jobs'))?.message, 'cannot create the folder /home/u/jobs: permission denied (EACCES)')
    assert.equal(describeFault(fault('ENOENT', 'scandir', '/gone'))?.message, 'cannot list the folder /gone: no such file or folder (ENOENT)')
    assert.equal(describeFault(new TypeError('x is undefined')), undefined)
    assert.equal(describeFault(Object.assign(new Error('spawn'), { code: 'ENOENT' })), undefined, 'no path: not a fault on one')
    assert.equal(describeFault(null), undefined)
  })
})
