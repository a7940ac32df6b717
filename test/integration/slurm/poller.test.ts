// The shared poller on the project's own test Slurm: 20 watchers in one process on 5 jobs held by lock files
// get each job's true end, for a number of squeue+sacct calls bounded by the poller's floor, not by watchers.
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, it } from 'node:test'
import { spawnSync } from 'node:child_process'
import { loadBackend } from '../../../src/backends/index.js'
import type { JobStatus } from '../../../src/core/states.js'
import { Poller } from '../../../src/service/poller.js'
import { cli, HAVE_SLURM, held, NO_SLURM, release, started, suite, testEnv } from '../../helpers.js'

const skip = !HAVE_SLURM && NO_SLURM
const submitted: string[] = []
after(() => { if (HAVE_SLURM && submitted.length) spawnSync('scancel', submitted, { stdio: 'ignore' }) })

suite('slurm: the shared poller', { skip }, () => {
  it('20 watchers on 5 jobs: each its true end, for squeue+sacct calls bounded by the floor', async () => {
    const t = testEnv()
    const names = ['p0', 'p1', 'p2', 'p3', 'p4']
    const ids = await Promise.all(names.map(async (name, i) => {
      const r = await cli(['submit', '--qtype', 'slurm', '--parsable', '--name', name, `${held(name)}; exit ${i === 3 ? 3 : 0}`], { env: t.env, cwd: t.dir })
      assert.equal(r.code, 0, r.stderr)
      return r.stdout.trim()
    }))
    submitted.push(...ids)
    for (const name of names) await started(t.dir, name)

    const trace = join(t.dir, 'trace.log')
    const saved = { ...process.env }
    Object.assign(process.env, { PCLUSTER_CONFIG: t.config, XDG_STATE_HOME: t.state, PCLUSTER_TRACE: trace })
    try {
      const poller = new Poller({ backend: await loadBackend('slurm') })
      const began = Date.now()
      const waits = Array.from({ length: 20 }, (_, i) => poller.wait([ids[i % 5]!, ids[(i + 2) % 5]!]))
      // the watchers see the jobs running first, then the ends
      for (const name of names) release(t.dir, name)
      const results: JobStatus[][] = await Promise.all(waits)
      const elapsed = Date.now() - began
      for (const r of results)
        for (const s of r) {
          const failing = s.id === ids[3]
          assert.equal(s.state, failing ? 'failed' : 'completed', `${s.id}: ${JSON.stringify(s)}`)
          assert.equal(s.exitCode, failing ? 3 : 0)
        }
      const lines = existsSync(trace) ? readFileSync(trace, 'utf8').trim().split('\n') : []
      const count = (cmd: string) => lines.filter((l) => l.split(' ')[1] === String(process.pid) && l.split(' ')[2] === cmd).length
      const stats = poller.stats()
      // polls are at least the floor apart, and each costs one squeue and at most one sacct
      const maxPolls = Math.floor(elapsed / stats.floorMs) + 1
      assert.equal(stats.floorMs, 2000)
      assert.equal(count('squeue'), stats.polls, 'one squeue per poll, whatever the 20 watchers')
      assert.ok(stats.polls <= maxPolls, `${stats.polls} polls in ${elapsed} ms, floor ${stats.floorMs} ms`)
      assert.ok(count('sacct') <= stats.polls, `${count('sacct')} sacct for ${stats.polls} polls`)
      assert.deepEqual({ squeue: stats.calls.squeue?.lastHour, sacct: stats.calls.sacct?.lastHour ?? 0 },
        { squeue: count('squeue'), sacct: count('sacct') }, 'the poller counts what the trace shows')
      assert.equal(stats.watched, 0)
      poller.close()
    } finally {
      process.env = saved
    }
  })
})
