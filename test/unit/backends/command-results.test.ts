// How each command-line backend reads its submit's and its status queries' answers, through core/commandresults.ts:
// a stand-in command on PATH answers as the real one does (fixtures' words), and the error or id is pinned.
import assert from 'node:assert/strict'
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { qstatRecords } from '../../../src/backends/pbspro/status.js'
import { qsub as pbsQsub } from '../../../src/backends/qsub-family/qsub.js'
import { qacct, qstat as sgeQstat } from '../../../src/backends/sge/status.js'
import { submit as sgeSubmit } from '../../../src/backends/sge/submit.js'
import { sacct, squeue } from '../../../src/backends/slurm/status.js'
import { submit as slurmSubmit } from '../../../src/backends/slurm/submit.js'
import { qstatJobs } from '../../../src/backends/torque/status.js'
import type { ResolvedJob, SubmitRequest } from '../../../src/backends/types.js'

const root = mkdtempSync(join(tmpdir(), 'pcluster-command-results-'))
const saved = { PATH: process.env.PATH, PCLUSTER_CONFIG: process.env.PCLUSTER_CONFIG, XDG_STATE_HOME: process.env.XDG_STATE_HOME }
let n = 0

/**
 * A folder holding stand-ins that print these words and exit so; PATH is set to it and the system's (for cat), or
 * to it alone for none (this machine may have the real commands in /usr/bin).
 */
function answering(commands: Record<string, { out?: string; err?: string; exit?: number }>): void {
  const bin = join(root, `bin${n++}`)
  mkdirSync(bin)
  for (const [name, a] of Object.entries(commands)) {
    writeFileSync(join(bin, `${name}.out`), a.out ?? '')
    writeFileSync(join(bin, `${name}.err`), a.err ?? '')
    writeFileSync(join(bin, name), `#!/bin/sh\ncat '${bin}/${name}.out'\ncat '${bin}/${name}.err' >&2\nexit ${a.exit ?? 0}\n`)
    chmodSync(join(bin, name), 0o755)
  }
  process.env.PATH = Object.keys(commands).length ? `${bin}:/usr/bin:/bin` : bin
}

/** The error thrown, as the CLI and a library caller see it. */
async function failure(p: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await p
  } catch (e) {
    const { name, code, message, hint, argv, stderr, commandExitCode } = e as Record<string, unknown>
    return { name, code, message, hint, argv, ...(stderr !== undefined ? { stderr, commandExitCode } : {}) }
  }
  throw new Error('no error')
}

const req: SubmitRequest = { script: '/tmp/x.sh', depends: [], job: { options: { cores: 4 } } as unknown as ResolvedJob }
const unsureHint = 'the job may have been queued all the same: check pcluster queue before submitting it again'

before(() => {
  process.env.PCLUSTER_CONFIG = join(root, 'none.ini')
  process.env.XDG_STATE_HOME = join(root, 'state')
})
after(() => {
  for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]
  else process.env[k] = v
})

describe('a submit\'s answer', () => {
  it('Slurm: the id; a refusal with sbatch\'s reason; a timeout on the controller may have queued the job', async () => {
    answering({ sbatch: { out: '123;cluster\n' } })
    assert.equal(await slurmSubmit({ script: '/x', depends: [] }), '123')
    answering({ sbatch: { err: 'sbatch: error: Batch job submission failed: Invalid account or account/partition combination specified\n', exit: 1 } })
    assert.deepEqual(await failure(slurmSubmit({ script: '/x', depends: [] })), {
      name: 'SchedulerError', code: 'SUBMIT_REFUSED', message: 'sbatch refused the job: Invalid account or account/partition combination specified',
      hint: undefined, argv: ['sbatch', '--parsable', '/x'],
      stderr: 'sbatch: error: Batch job submission failed: Invalid account or account/partition combination specified\n', commandExitCode: 1,
    })
    // even with an id: the controller's own words say the answer may be wrong
    answering({ sbatch: { out: '124\n', err: 'sbatch: error: Socket timed out on send/recv operation\n' } })
    assert.deepEqual(await failure(slurmSubmit({ script: '/x', depends: [] })), {
      name: 'SchedulerError', code: 'SUBMIT_UNKNOWN', message: 'sbatch failed, but perhaps after queuing the job: Socket timed out on send/recv operation',
      hint: `${unsureHint} (submitted with --key K or --once, pcluster looks it up itself)`, argv: ['sbatch', '--parsable', '/x'], stderr: 'sbatch: error: Socket timed out on send/recv operation\n', commandExitCode: 0,
    })
    answering({ sbatch: { out: 'Submitted batch job 5\n' } })
    assert.equal((await failure(slurmSubmit({ script: '/x', depends: [] }))).message, 'sbatch answered "Submitted batch job 5" instead of a job id')
    answering({ sbatch: { err: 'sbatch: error: resolve_ctls_from_dns_srv: res_nsearch error: Unknown host\nsbatch: error: fetch_config: DNS SRV lookup failed\nsbatch: error: _establish_config_source: failed to fetch config\nsbatch: fatal: Could not establish a configuration source\n', exit: 1 } })
    assert.equal((await failure(slurmSubmit({ script: '/x', depends: [] }))).code, 'SLURM_NOT_CONFIGURED')
    answering({})
    assert.deepEqual(await failure(slurmSubmit({ script: '/x', depends: [] })), {
      name: 'SchedulerError', code: 'NO_SBATCH', message: 'sbatch is not on PATH', hint: 'is Slurm installed here? try --qtype local',
      argv: ['sbatch', '--parsable', '/x'], stderr: '', commandExitCode: null,
    })
  })

  it('Torque and PBS Pro: the full id; a cut-short answer may have queued the job; a refusal says whether the server is up', async () => {
    answering({ qsub: { out: 'note: default queue\n12.srv\n', err: 'timed out once, retried\n' } })
    assert.equal(await pbsQsub({ script: '/x', depends: [] }, 'Torque'), '12.srv')
    answering({ qsub: { err: 'qsub: submit error (Premature end of message)\n', exit: 1 } })
    assert.deepEqual(await failure(pbsQsub({ script: '/x', depends: [] }, 'Torque')), {
      name: 'SchedulerError', code: 'SUBMIT_UNKNOWN', message: 'qsub failed, but perhaps after queuing the job: Premature end of message',
      hint: unsureHint, argv: ['qsub', '/x'], stderr: 'qsub: submit error (Premature end of message)\n', commandExitCode: 1,
    })
    // exit 0 without an id: no id, whatever stderr says
    answering({ qsub: { out: 'hello\n', err: 'timed out\n' } })
    assert.equal((await failure(pbsQsub({ script: '/x', depends: [] }, 'Torque'))).message, 'qsub answered "hello" instead of a job id')
    answering({ qsub: { err: 'qsub: cannot connect to server srv (errno=111) Connection refused\n', exit: 111 } })
    assert.deepEqual(await failure(pbsQsub({ script: '/x', depends: [] }, 'PBS Pro')), {
      name: 'SchedulerError', code: 'SUBMIT_REFUSED', message: 'qsub refused the job: cannot connect to server srv (errno=111) Connection refused',
      hint: 'is the PBS Pro server up? (qstat -B)', argv: ['qsub', '/x'], stderr: 'qsub: cannot connect to server srv (errno=111) Connection refused\n', commandExitCode: 111,
    })
    answering({ qsub: { err: 'qsub: submit error (Unauthorized Request  MSG=group ACL is not satisfied: user x, queue training)\n', exit: 159 } })
    const refused = await failure(pbsQsub({ script: '/x', depends: [] }, 'Torque'))
    assert.deepEqual([refused.message, refused.hint], ['qsub refused the job: Unauthorized Request: group ACL is not satisfied: user x, queue training', undefined])
    answering({})
    assert.deepEqual([(await failure(pbsQsub({ script: '/x', depends: [] }, 'Torque'))).hint], ['is Torque installed here? try --qtype local'])
  })

  it('Grid Engine: the job number; a missing parallel environment named with the site\'s; qsub\'s reason from stdout when stderr is empty', async () => {
    answering({ qsub: { out: '77.1-5:1\n' } })
    assert.equal(await sgeSubmit(req), '77')
    answering({
      qsub: { err: 'Unable to run job: job rejected: the requested parallel environment "smp" does not exist.\nExiting.\n', exit: 1 },
      qconf: { out: 'make\nmpi\n' },
    })
    const pe = await failure(sgeSubmit(req))
    assert.equal(pe.code, 'NO_SUCH_PE')
    assert.match(pe.message as string, /^Grid Engine has no parallel environment "smp" \(--cores 4 asks for one\): set pe = NAME under \[sge\] in .*none\.ini, NAME being one of this site's: make mpi$/)
    answering({ qsub: { out: 'Unable to run job: Error reading answer list from qmaster\nExiting.\n', exit: 1 } })
    assert.deepEqual(await failure(sgeSubmit(req)), {
      name: 'SchedulerError', code: 'SUBMIT_REFUSED', message: 'qsub refused the job: Error reading answer list from qmaster',
      hint: 'SGE 8.1.9 says this for a malformed job name or option value', argv: ['qsub', '-terse', '/tmp/x.sh'], stderr: '', commandExitCode: 1,
    })
    answering({ qsub: { err: 'error: commlib error: got select error (Connection refused)\nUnable to run job: unable to send message to qmaster using port 6444 on host "h": got send error\nExiting.\n', exit: 1 } })
    assert.equal((await failure(sgeSubmit(req))).hint, 'the Grid Engine qmaster does not answer; nothing was queued')
    answering({ qsub: { out: 'Your job 77 ("x") has been submitted\n' } })
    assert.equal((await failure(sgeSubmit(req))).code, 'SUBMIT_UNKNOWN')
  })
})

describe('a status query\'s answer', () => {
  it('a failure is a passing one (asked again), quoting the command\'s last words', async () => {
    answering({ squeue: { err: 'slurm_load_jobs error: Unable to contact slurm controller (connect failure)\n', exit: 1 } })
    assert.deepEqual(await failure(squeue('me')), {
      name: 'TransientError', code: 'SCHEDULER_UNAVAILABLE', message: 'squeue exited 1: slurm_load_jobs error: Unable to contact slurm controller (connect failure)',
      hint: undefined, argv: ['squeue', '-h', '-u', 'me', '-o', '%i\x1f%T\x1f%r\x1f%u\x1f%P\x1f%D\x1f%C\x1f%N\x1f%S\x1f%E\x1f%j'],
    })
    answering({ qstat: { err: 'qstat: cannot connect to server srv (errno=111) Connection refused\n', exit: 111 } })
    assert.equal((await failure(qstatJobs('me'))).message, 'qstat exited 111: qstat: cannot connect to server srv (errno=111) Connection refused')
    // Grid Engine's qstat says its complaint on stdout
    answering({ qstat: { out: 'error: failed receiving gdi request response for mid=1 (got no message).\n', exit: 1 } })
    assert.equal((await failure(sgeQstat('me'))).message, 'qstat exited 1: error: failed receiving gdi request response for mid=1 (got no message).')
    answering({})
    assert.equal((await failure(sgeQstat('me'))).message, 'qstat is not on PATH')
  })

  it('the answers that are no failure: no accounting, no record yet, an unknown id among known ones', async () => {
    answering({ sacct: { err: 'sacct: error: Slurm accounting storage is disabled\n', exit: 1 } })
    assert.deepEqual(await sacct({ ids: ['5'], since: new Date() }), [])
    answering({ qacct: { err: 'error: job id 5 not found\n', exit: 1 } })
    assert.deepEqual(await qacct({ ids: ['5'], since: new Date() }), [])
    answering({ qstat: { out: '{"Jobs":{"6.srv":{"job_state":"R","Job_Name":"x","Job_Owner":"me@h"}}}', err: 'qstat: Unknown Job Id 5.srv\n', exit: 153 } })
    assert.deepEqual((await qstatRecords(['-x', '5.srv', '6.srv'])).map((r) => [r.Job_Id, r.job_state]), [['6.srv', 'R']])
    answering({ qstat: { err: 'qstat: Unauthorized Request\n', exit: 159 } })
    assert.equal((await failure(qstatRecords(['-x', '5.srv']))).code, 'SCHEDULER_UNAVAILABLE')
  })
})
