#!/usr/bin/env node
// Benchmarks on a real Slurm: the one SLURM_CONF names, e.g. the project's test Slurm with
// `SLURM_CONF=$(bash test/integration/slurm/start-slurm.sh) node bench/slurm.mjs` (run after `npm ci`):
//  1. submitting N trivial jobs from a bash loop: `pcluster submit --parsable` vs bare `sbatch --parsable`,
//     with N bare `node -e 0` starts as the floor of any Node CLI;
//  2. `pcluster wait` on N jobs: wall time, and how many squeue/sacct calls it made (PCLUSTER_TRACE).
// Usage: node bench/slurm.mjs [N=100]
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const N = Number(process.argv[2] ?? 100)
const bin = fileURLToPath(new URL('../bin/pcluster.cjs', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'pcluster-bench-'))
const env = { ...process.env, PCLUSTER_CONFIG: join(dir, 'config.ini'), XDG_STATE_HOME: join(dir, 'state') }

function loop(label, body) {
  const script = `for i in $(seq ${N}); do ${body}; done > ${join(dir, label + '.ids')}`
  const t0 = process.hrtime.bigint()
  const r = spawnSync('bash', ['-c', script], { cwd: dir, env, stdio: ['ignore', 'ignore', 'inherit'] })
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  if (r.status !== 0) throw new Error(`${label} failed`)
  return ms
}

// cancels only the jobs this benchmark submitted, never anything else of the user's
const drain = (label) => {
  const ids = readFileSync(join(dir, label + '.ids'), 'utf8').split(/\s+/).filter((w) => /^\d+$/.test(w))
  if (ids.length) spawnSync('scancel', ids)
  execFileSync('sleep', ['2'])
}

const rows = []
const node = loop('node', `node -e 0`)
rows.push(['node -e 0', node])
const sbatch = loop('sbatch', `sbatch --parsable --wrap true`)
rows.push(['sbatch --parsable --wrap true', sbatch])
drain('sbatch')
const pc = loop('pcluster', `node ${bin} submit --qtype slurm --parsable true`)
rows.push(['pcluster submit --parsable true', pc])
drain('pcluster')

console.log(`\n${N} submissions from a bash loop (wall ms total, ms per call):`)
for (const [label, ms] of rows) console.log(`  ${label.padEnd(34)} ${ms.toFixed(0).padStart(7)} ms  ${(ms / N).toFixed(1).padStart(6)} ms/call`)
console.log(`  pcluster over sbatch: +${((pc - sbatch) / N).toFixed(1)} ms per call; over node -e 0: +${((pc - node) / N).toFixed(1)} ms`)

// wait on N jobs that take 1..10 s
const ids = []
for (let i = 0; i < N; i++)
  ids.push(execFileSync('sbatch', ['--parsable', '-o', '/dev/null', '--wrap', `sleep ${1 + (i % 10)}`], { encoding: 'utf8' }).trim())
const trace = join(dir, 'trace.log')
const t0 = process.hrtime.bigint()
const w = spawnSync('node', [bin, 'wait', '--qtype', 'slurm', '--quiet', ...ids], { env: { ...env, PCLUSTER_TRACE: trace }, stdio: 'inherit' })
const waitMs = Number(process.hrtime.bigint() - t0) / 1e6
const calls = existsSync(trace) ? readFileSync(trace, 'utf8').trim().split('\n') : []
const count = (cmd) => calls.filter((l) => l.split(' ')[2] === cmd).length
console.log(`\npcluster wait on ${N} jobs (1..10 s each, on an 8-CPU test node): exit ${w.status}, ${(waitMs / 1000).toFixed(1)} s,` +
  ` ${count('squeue')} squeue + ${count('sacct')} sacct calls`)
writeFileSync(join(dir, 'done'), '')
