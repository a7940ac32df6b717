// The seam arrays are built on (issue 22 item 8): each backend's task syntax taken apart into job and task on
// the array outputs recorded from real systems, the end record a task writes under its own index (the script
// run by bash with the scheduler's variable set), and the wait finding a task's record through its array's.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { DIRECTIVES } from '../../../src/backends/slurm/directives.js'
import { ids as slurmIds } from '../../../src/backends/slurm/ids.js'
import { info as slurmInfo } from '../../../src/backends/slurm/info.js'
import { renderScript as slurmScript } from '../../../src/backends/slurm/script.js'
import { parseSacct, parseSqueue } from '../../../src/backends/slurm/status.js'
import { ids as sgeIds } from '../../../src/backends/sge/ids.js'
import { DEFAULT_SETTINGS } from '../../../src/backends/sge/config.js'
import { renderScript as sgeScript } from '../../../src/backends/sge/script.js'
import { idGrammar, PBS_ID } from '../../../src/backends/qsub-family/ids.js'
import { renderScript as torqueScript } from '../../../src/backends/torque/script.js'
import { renderScript as pbsproScript } from '../../../src/backends/pbspro/script.js'
import { ids as localIds } from '../../../src/backends/local/ids.js'
import type { Backend, ResolvedJob } from '../../../src/backends/types.js'
import { parseRef } from '../../../src/core/jobrefs.js'
import { taskEndPath } from '../../../src/core/jobscript.js'
import { recordJob } from '../../../src/core/ledger.js'
import { Queue } from '../../../src/core/queue.js'
import { FIXTURES, testEnv } from '../../helpers.js'

const fixture = (...p: string[]) => readFileSync(join(FIXTURES, ...p), 'utf8')

describe("each backend's task syntax", () => {
  it("Slurm: the tasks sacct and squeue printed (326_1) split into the array and the index; the waiting range is no one task", () => {
    const done = parseSacct(fixture('slurm', 'sacct-array.txt'))
    assert.deepEqual(done.map((s) => slurmIds.split(slurmIds.parse(s.id)!)), [1, 2, 3].map((t) => ({ id: '326', task: String(t) })))
    const live = parseSqueue(fixture('slurm', 'squeue-array.txt')).map((s) => s.id)
    assert.deepEqual(live.map((id) => slurmIds.parse(id)), [undefined, '326_1']) // 326_[2-3%1]: several tasks
    assert.equal(slurmIds.taskId({ id: '326', task: '2' }), '326_2')
    // a plain job and a heterogeneous component are whole
    assert.deepEqual([slurmIds.split('326'), slurmIds.split('326+1')], [{ id: '326' }, { id: '326+1' }])
  })

  it('Grid Engine: the tasks qacct and qdel named (jobnumber 141, taskid 2; 128.3) as JOB.TASK; qsub -terse\'s range is no one task', () => {
    const text = fixture('sge', 'qacct-array.txt')
    const jobs = [...text.matchAll(/^jobnumber\s+(\d+)/gm)].map((m) => m[1])
    const tasks = [...text.matchAll(/^taskid\s+(\d+)/gm)].map((m) => m[1])
    assert.ok(tasks.length >= 3)
    for (const [i, task] of tasks.entries()) {
      const id = sgeIds.taskId({ id: jobs[i]!, task: task! })
      assert.deepEqual(sgeIds.split(sgeIds.parse(id)!), { id: jobs[i], task })
    }
    const deleted = /task (\S+)/.exec(fixture('sge', 'qdel-array-task.txt'))![1]!
    assert.deepEqual(sgeIds.split(sgeIds.parse(deleted)!), { id: '128', task: '3' })
    assert.equal(sgeIds.parse(fixture('sge', 'qsub-array-terse.txt')), undefined) // 117.1-5:1
    assert.deepEqual(sgeIds.split('117'), { id: '117' })
  })

  it("Torque and PBS Pro: the ids qstat -x printed (673175[19].server) split into the array 673175[].server and the index", () => {
    const ids = [...fixture('torque', 'qstat-x-fyrd-stanford-mixed-array.xml').matchAll(/<Job_Id>([^<]+)/g)].map((m) => m[1]!)
    for (const backend of ['torque', 'pbspro'] as const) {
      const g = idGrammar(backend)
      const refs = ids.map((id) => g.split(g.parse(id)!))
      assert.deepEqual(refs.find((r) => r.task === '19'), { id: '673175[].fruster.stanford.edu', task: '19' })
      // the array itself and a plain job are whole
      assert.ok(refs.some((r) => r.id === '673175[].superserver.stanford.edu' && r.task === undefined))
      assert.deepEqual(g.split('665199.superserver.stanford.edu'), { id: '665199.superserver.stanford.edu' })
      for (const r of refs.filter((x) => x.task !== undefined)) assert.ok(PBS_ID.test(g.taskId({ id: r.id, task: r.task! })))
      assert.equal(g.taskId({ id: '673175[].fruster.stanford.edu', task: '19' }), '673175[19].fruster.stanford.edu')
    }
  })

  it('Torque: a short task id (673175[19]) takes the server of the array pcluster recorded', () => {
    process.env.XDG_STATE_HOME = testEnv().state
    recordJob({ name: 'torque', idsPerHost: false }, { backend: 'torque', id: '673175[].superserver.stanford.edu', name: 'tasks',
      script: '', out: '', err: '', end: '/d/tasks.end', dir: '', cwd: '', depends: [], submittedAt: new Date().toISOString() })
    assert.equal(idGrammar('torque').parse('673175[19]'), '673175[19].superserver.stanford.edu')
    assert.equal(idGrammar('torque').parse('673176[19]'), '673176[19]') // no record: left short, as a plain id is
  })

  it('an id as typed becomes {backend, id, task?} by its backend\'s grammar; a malformed one none', () => {
    const slurm = { ...slurmInfo, ids: slurmIds } as Backend
    assert.deepEqual(parseRef(slurm, ' 326_7 '), { backend: 'slurm', id: '326', task: '7' })
    assert.deepEqual(parseRef(slurm, '326'), { backend: 'slurm', id: '326' })
    assert.equal(parseRef(slurm, '326.7'), undefined)
  })

  it('the local queue: whole ids only, until the daemon runs arrays', () => {
    assert.deepEqual(localIds.split('12'), { id: '12' })
    assert.equal(localIds.parse('12[7]'), undefined)
  })
})

/** A job rendered by `render` into DIR, run by bash with `env`; which end records it wrote. */
function runTask(render: (job: ResolvedJob) => string, array: boolean, env: Record<string, string>): string[] {
  const { dir } = testEnv()
  const files = { dir, script: join(dir, 'tasks.sh'), out: join(dir, 'tasks.out'), err: join(dir, 'tasks.err'), end: join(dir, 'tasks.end') }
  const job: ResolvedJob = { name: 'tasks', command: 'exit 3', options: {}, files, ...(array ? { array } : {}) }
  writeFileSync(files.script, render(job))
  const r = spawnSync('/bin/bash', [files.script], { cwd: dir, env: { PATH: process.env.PATH, ...env }, stdio: 'ignore' })
  assert.equal(r.status, 3)
  return ['tasks.end', 'tasks.3.end', 'tasks.7.end'].filter((f) => existsSync(join(dir, f)))
}

describe("a task's end record", () => {
  it('is NAME.<task>.end beside the job\'s NAME.end', () => {
    assert.equal(taskEndPath('/d/tasks.end', '7'), '/d/tasks.7.end')
    assert.equal(taskEndPath('/d/tasks.end'), '/d/tasks.end')
  })

  it('a Slurm array script run with SLURM_ARRAY_TASK_ID=7 writes tasks.7.end; without it, tasks.end', () => {
    assert.deepEqual(runTask(slurmScript, true, { SLURM_ARRAY_TASK_ID: '7' }), ['tasks.7.end'])
    assert.deepEqual(runTask(slurmScript, true, {}), ['tasks.end'])
  })

  it("a plain job's script names no task variable: a SLURM_ARRAY_TASK_ID passed on from the shell that submitted it changes nothing", () => {
    // seen on the test Slurm: sbatch from inside a task exports SLURM_ARRAY_TASK_ID into the plain job
    assert.deepEqual(runTask(slurmScript, false, { SLURM_ARRAY_TASK_ID: '7' }), ['tasks.end'])
  })

  it("a Grid Engine array script: SGE_TASK_ID=3 writes tasks.3.end; its `undefined` (a job that is not an array) tasks.end", () => {
    const render = (job: ResolvedJob) => sgeScript(job, DEFAULT_SETTINGS, 'someone')
    assert.deepEqual(runTask(render, true, { SGE_TASK_ID: '3' }), ['tasks.3.end'])
    assert.deepEqual(runTask(render, true, { SGE_TASK_ID: 'undefined' }), ['tasks.end'])
  })

  it('Torque (PBS_ARRAYID) and PBS Pro (PBS_ARRAY_INDEX) array scripts write the task\'s record under its index', () => {
    assert.deepEqual(runTask(torqueScript, true, { PBS_ARRAYID: '7' }), ['tasks.7.end'])
    assert.deepEqual(runTask(pbsproScript, true, { PBS_ARRAY_INDEX: '3' }), ['tasks.3.end'])
    assert.deepEqual(runTask(pbsproScript, true, { PBS_ARRAYID: '3' }), ['tasks.end']) // Torque's variable is not PBS Pro's
  })
})

describe('waiting on a task', () => {
  it("reads the task's own end record through its array's record, and the status carries the task", async () => {
    const { state, dir } = testEnv()
    process.env.XDG_STATE_HOME = state
    const backend: Backend = {
      ...slurmInfo, directives: DIRECTIVES, scriptExtension: 'sbatch', ids: slurmIds,
      detect: async () => true, renderScript: () => '', submitArgv: () => [], submit: async () => '1',
      queue: async () => [], activeCount: async () => 0, cancel: async () => ({ unknown: [], ended: [] }),
      status: async () => new Map(), // accounting has not caught up: the end records alone say
    }
    const end = join(dir, 'tasks.end')
    recordJob(backend, { backend: 'slurm', id: '326', name: 'tasks', script: '', out: '', err: '', end, dir, cwd: dir,
      depends: [], submittedAt: new Date().toISOString() })
    writeFileSync(join(dir, 'tasks.7.end'), 'exit_code=3\nstart=1764000000\nend=1764000001\n')
    writeFileSync(end, 'exit_code=0\nstart=1764000000\nend=1764000001\n') // the array's: not task 7's
    const got = await new Queue(backend).statuses(['326_7', '326'])
    assert.deepEqual([got.get('326_7')!.state, got.get('326_7')!.exitCode, got.get('326_7')!.task, got.get('326_7')!.name],
      ['failed', 3, '7', 'tasks'])
    assert.equal(got.get('326')!.state, 'completed')
    assert.equal(got.get('326')!.task, undefined)
  })
})
