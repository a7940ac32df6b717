#!/usr/bin/env node
// Submitting from a script that imports pcluster (one Node process), against the same work done the
// lightest way the system allows:
//   N local jobs submitted and waited on (pcluster's local queue, 2 cores)  vs  task-spooler (`tsp -S 2`,
//   Debian package task-spooler), N `tsp true` then waiting until all finished;
//   M Slurm submissions (when SLURM_CONF names a running Slurm)  vs  a bash loop of bare
//   `sbatch --parsable --wrap true`.
// Each contender has its own private state. Run after `npm run build`. Usage: node bench/inprocess.mjs [N=200] [M=100]
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const N = Number(process.argv[2] ?? 200)
const M = Number(process.argv[3] ?? 100)
const dir = mkdtempSync(join(tmpdir(), 'pcluster-bench-inprocess-'))
writeFileSync(join(dir, 'config.ini'), '[local]\ncores = 2\nidle = 60\n')
process.env.PCLUSTER_CONFIG = join(dir, 'config.ini')
process.env.XDG_STATE_HOME = join(dir, 'state')
process.env.TS_SOCKET = join(dir, 'tsp.sock')
const pcluster = await import('../dist/src/index.js')
const slurm = !!process.env.SLURM_CONF && spawnSync('sinfo', ['-h'], { stdio: 'ignore' }).status === 0
const hasTsp = spawnSync('bash', ['-c', 'command -v tsp'], { stdio: 'ignore' }).status === 0
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6
const rows = []

// pcluster: N local jobs from this process, then one wait on all of them
{
  const cwd = join(dir, 'local')
  mkdirSync(cwd)
  process.chdir(cwd)
  spawnSync('node', [new URL('../bin/pcluster.cjs', import.meta.url).pathname, 'local', 'start'], { stdio: 'ignore' })
  const t0 = process.hrtime.bigint()
  const jobs = []
  for (let i = 0; i < N; i++) jobs.push(await pcluster.submit('true', { qtype: 'local' }))
  const ends = await pcluster.wait(jobs)
  rows.push([`pcluster: ${N} local jobs, submit + wait`, ms(t0), N])
  if (ends.some((s) => s.state !== 'completed')) throw new Error('a local job did not complete')
  spawnSync('node', [new URL('../bin/pcluster.cjs', import.meta.url).pathname, 'local', 'stop'], { stdio: 'ignore' })
}
if (hasTsp) {
  spawnSync('tsp', ['-S', '2'])
  const t0 = process.hrtime.bigint()
  const r = spawnSync('bash', ['-c', `for i in $(seq ${N}); do tsp true >/dev/null; done; while [ -n "$(tsp -l | awk 'NR>1 && $2 != "finished"')" ]; do sleep 0.05; done`], { cwd: dir, stdio: 'inherit' })
  rows.push([`tsp -S 2: ${N} jobs, submit + wait`, ms(t0), N])
  if (r.status !== 0) throw new Error('tsp failed')
  spawnSync('tsp', ['-K'])
}
if (slurm) {
  const cwd = join(dir, 'slurm')
  mkdirSync(cwd)
  process.chdir(cwd)
  const ids = []
  let t0 = process.hrtime.bigint()
  for (let i = 0; i < M; i++) ids.push((await pcluster.submit('true', { qtype: 'slurm' })).id)
  rows.push([`pcluster: ${M} Slurm submits from one process`, ms(t0), M])
  t0 = process.hrtime.bigint()
  const r = spawnSync('bash', ['-c', `for i in $(seq ${M}); do sbatch --parsable --wrap true; done`], { cwd, encoding: 'utf8' })
  rows.push([`bash loop: ${M} bare sbatch --parsable`, ms(t0), M])
  ids.push(...r.stdout.split(/\s+/).filter((w) => /^\d+$/.test(w)))
  spawnSync('scancel', ids.filter(Boolean)) // only the jobs this benchmark submitted
}

console.log('\n(wall ms total, ms per job)')
for (const [label, t, n] of rows) console.log(`  ${label.padEnd(46)} ${t.toFixed(0).padStart(7)} ms  ${(t / n).toFixed(1).padStart(6)} ms/job`)
const row = (p) => rows.find(([l]) => l.startsWith(p))?.[1]
if (hasTsp) console.log(`  local / tsp: ${(row('pcluster: ' + N) / row('tsp')).toFixed(2)}x   (goal <= 4x)`)
else console.log('  (task-spooler not installed: apt-get install task-spooler)')
if (slurm) console.log(`  Slurm from one process / bash sbatch loop: ${(row(`pcluster: ${M} Slurm`) / row('bash loop')).toFixed(2)}x   (goal <= 2x)`)
else console.log('  (no running Slurm: set SLURM_CONF to measure Slurm submits)')
