// Which process group the daemon may take for a job's: only one whose processes carry the job's id, so that
// a group id handed out again (after the job's group drained, across a reboot) is never signalled.
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { after, describe, it } from 'node:test'
import { groupRuns, jobGroupMembers, signalGroup } from '../../../../src/service/runner/supervisor.js'
import { job } from '../jobs.js'

const started: ChildProcess[] = []
after(() => { for (const c of started) try { process.kill(-c.pid!, 'SIGKILL') } catch { /* gone */ } })

/** A process in its own session (its own group), with this environment. */
function group(env: Record<string, string>): ChildProcess & { pid: number } {
  const child = spawn('sleep', ['30'], { detached: true, stdio: 'ignore', env: { PATH: process.env.PATH ?? '', ...env } })
  started.push(child)
  return child as ChildProcess & { pid: number }
}

const alive = (pid: number) => { try { process.kill(pid, 0); return true } catch { return false } }

describe('the processes of a job', () => {
  it("a group whose processes carry the job's id is the job's, even when its leader's start time is not known", () => {
    const mine = group({ PCLUSTER_JOB_ID: '41' })
    const j = job({ id: '41', pid: mine.pid, pidStart: 'not-its-start-time', state: 'running' })
    assert.deepEqual(jobGroupMembers(mine.pid, '41'), [mine.pid])
    assert.equal(groupRuns(j), true)
  })
  it("a stranger's group that got the job's old group id is neither seen nor signalled", async () => {
    const stranger = group({ PCLUSTER_JOB_ID: '999' })
    const j = job({ id: '42', pid: stranger.pid, pidStart: 'not-its-start-time', state: 'completing', stopCause: 'cancel' })
    assert.equal(groupRuns(j), false)
    signalGroup(j, 'SIGKILL')
    await new Promise((r) => setTimeout(r, 100))
    assert.equal(alive(stranger.pid), true, 'the stranger lives')
  })
})
