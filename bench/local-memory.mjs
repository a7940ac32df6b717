#!/usr/bin/env node
// The cost of the local queue's memory sample (one tick's walk of /proc for every running job with a --mem):
// N job groups (a bash leader and a sleep each, as a job script running one command), with M other processes
// on the machine besides, timed over many calls. The walk reads every process's stat, so M counts as much as N.
// 'leader gone' is the dearer path (each process's environ read too), taken only by jobs whose leader has ended.
// Measured on 2 shared cores (Dec 2026): 1 job among ~100 processes 0.9 ms, 100 jobs among ~290 1.6 ms, 1 or 100
// jobs among ~2,100 15-17 ms (about 7 us a process): every 500 ms tick below ~3,000 processes (nextSampleAt).
// Usage: node bench/local-memory.mjs [N=1,10,100] [M=0,1000]   (after npm run build)
import { spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { sampleGroups } from '../dist/src/service/runner/memory.js'

const list = (arg, dflt) => (arg ?? dflt).split(',').map(Number)
const Ns = list(process.argv[2], '1,10,100')
const Ms = list(process.argv[3], '0,1000')
const start = (n, jobEnv) => Array.from({ length: n }, (_, i) => {
  const env = jobEnv ? { PATH: process.env.PATH, PCLUSTER_JOB_ID: String(i + 1) } : { PATH: process.env.PATH }
  const c = spawn('bash', ['-c', 'sleep 120 & wait'], { detached: true, stdio: 'ignore', env })
  c.unref()
  return c.pid
})
const stop = (pids) => { for (const p of pids) try { process.kill(-p, 'SIGKILL') } catch { /* gone */ } }
const procs = () => readdirSync('/proc').filter((d) => /^\d+$/.test(d)).length
const settle = () => new Promise((r) => setTimeout(r, 500))
const rows = []
for (const m of Ms) {
  const others = start(m, false)
  for (const n of Ns) {
    const jobs = start(n, true)
    await settle()
    const groups = jobs.map((pid, i) => ({ id: String(i + 1), pid, pidStart: null })) // null: the environ check, the dearer path
    const known = jobs.map((pid, i) => ({ id: String(i + 1), pid, pidStart: readStart(pid) }))
    for (const [label, g] of [['leader known', known], ['leader gone', groups]]) {
      sampleGroups(g) // warm
      const times = []
      for (let k = 0; k < 30; k++) {
        const t0 = process.hrtime.bigint()
        const used = sampleGroups(g)
        times.push(Number(process.hrtime.bigint() - t0) / 1e6)
        if (used.size !== n) throw new Error(`saw ${used.size} of ${n} jobs`)
      }
      times.sort((a, b) => a - b)
      rows.push({ jobs: n, processes: procs(), path: label, 'median ms': times[15].toFixed(2), 'max ms': times.at(-1).toFixed(2) })
    }
    stop(jobs)
  }
  stop(others)
  await settle()
}
console.table(rows)

function readStart(pid) {
  const s = readFileSync(`/proc/${pid}/stat`, 'utf8')
  return s.slice(s.lastIndexOf(')') + 2).split(' ')[19]
}
