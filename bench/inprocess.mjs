#!/usr/bin/env node
// Submitting from a script that imports pcluster (one Node process), against the same work done the
// lightest way the system allows, each pair run R times in turn (A B A B ...) and the medians compared:
//   N local jobs submitted and waited on (pcluster's local queue, 2 cores)  vs  task-spooler (`tsp -S 2`,
//   Debian package task-spooler), N `tsp true` then waiting until all finished;
//   M Slurm submissions (when SLURM_CONF names a running Slurm)  vs  a bash loop of bare
//   `sbatch --parsable --wrap true`.
// Each run has its own folder and private state. Run after `npm run build`.
// Usage: node bench/inprocess.mjs [N=200] [M=100] [R=3]   (N or M 0: that pair is skipped)
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const N = Number(process.argv[2] ?? 200)
const M = Number(process.argv[3] ?? 100)
const R = Number(process.argv[4] ?? 3)
const root = mkdtempSync(join(tmpdir(), 'pcluster-bench-inprocess-'))
writeFileSync(join(root, 'config.ini'), '[local]\ncores = 2\nidle = 60\n')
process.env.PCLUSTER_CONFIG = join(root, 'config.ini')
process.env.XDG_STATE_HOME = join(root, 'state')
process.env.TS_SOCKET = join(root, 'tsp.sock')
const cli = new URL('../bin/pcluster.cjs', import.meta.url).pathname
const pcluster = await import('../dist/src/index.js')
const slurm = M > 0 && !!process.env.SLURM_CONF && spawnSync('sinfo', ['-h'], { stdio: 'ignore' }).status === 0
const hasTsp = N > 0 && spawnSync('bash', ['-c', 'command -v tsp'], { stdio: 'ignore' }).status === 0
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6
let run = 0
const fresh = () => { const d = join(root, `run${++run}`); mkdirSync(d); process.chdir(d); return d }
const times = { local: [], tsp: [], slurm: [], sbatch: [] }

async function localRun() {
  fresh()
  const t0 = process.hrtime.bigint()
  const jobs = []
  for (let i = 0; i < N; i++) jobs.push(await pcluster.submit('true', { qtype: 'local' }))
  const ends = await pcluster.wait(jobs)
  times.local.push(ms(t0))
  if (ends.some((s) => s.state !== 'completed')) throw new Error('a local job did not complete')
}
function tspRun() {
  const dir = fresh()
  const t0 = process.hrtime.bigint()
  const r = spawnSync('bash', ['-c', `for i in $(seq ${N}); do tsp true >/dev/null; done; while [ -n "$(tsp -l | awk 'NR>1 && $2 != "finished"')" ]; do sleep 0.05; done`], { cwd: dir, stdio: 'inherit' })
  times.tsp.push(ms(t0))
  if (r.status !== 0) throw new Error('tsp failed')
  spawnSync('tsp', ['-C'])
}
async function slurmRun(ids) {
  fresh()
  const t0 = process.hrtime.bigint()
  for (let i = 0; i < M; i++) ids.push((await pcluster.submit('true', { qtype: 'slurm' })).id)
  times.slurm.push(ms(t0))
}
function sbatchRun(ids) {
  const dir = fresh()
  const t0 = process.hrtime.bigint()
  const r = spawnSync('bash', ['-c', `for i in $(seq ${M}); do sbatch --parsable --wrap true; done`], { cwd: dir, encoding: 'utf8' })
  times.sbatch.push(ms(t0))
  ids.push(...r.stdout.split(/\s+/).filter((w) => /^\d+$/.test(w)))
}

if (N > 0) {
  spawnSync('node', [cli, 'local', 'start'], { stdio: 'ignore' })
  if (hasTsp) spawnSync('tsp', ['-S', '2'])
  for (let i = 0; i < R; i++) { await localRun(); if (hasTsp) tspRun() }
  spawnSync('node', [cli, 'local', 'stop'], { stdio: 'ignore' })
  if (hasTsp) spawnSync('tsp', ['-K'])
}
if (slurm) {
  const ids = []
  for (let i = 0; i < R; i++) { await slurmRun(ids); sbatchRun(ids) }
  spawnSync('scancel', ids) // only the jobs this benchmark submitted
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] }
const row = (label, key, n) => console.log(`  ${label.padEnd(46)} ${median(times[key]).toFixed(0).padStart(7)} ms  ${(median(times[key]) / n).toFixed(1).padStart(6)} ms/job   (runs: ${times[key].map((t) => t.toFixed(0)).join(', ')})`)
console.log(`\nmedian of ${R} runs each, taken in turn (wall ms total, ms per job)`)
if (N > 0) {
  row(`pcluster: ${N} local jobs, submit + wait`, 'local', N)
  if (hasTsp) { row(`tsp -S 2: ${N} jobs, submit + wait`, 'tsp', N); console.log(`  local / tsp: ${(median(times.local) / median(times.tsp)).toFixed(2)}x   (goal <= 4x)`) }
  else console.log('  (task-spooler not installed: apt-get install task-spooler)')
}
if (slurm) {
  row(`pcluster: ${M} Slurm submits from one process`, 'slurm', M)
  row(`bash loop: ${M} bare sbatch --parsable`, 'sbatch', M)
  console.log(`  Slurm from one process / bash sbatch loop: ${(median(times.slurm) / median(times.sbatch)).toFixed(2)}x   (goal <= 2x)`)
} else if (M > 0) console.log('  (no running Slurm: set SLURM_CONF to measure Slurm submits)')
