#!/usr/bin/env node
// Start-up, the cost pcluster adds to every call from a bash loop: each command run R times, interleaved
// (A B C A B C ...) so that a machine's drift hits all alike, and the medians compared:
//   pcluster --version                                   against node -e 0
//   pcluster submit --qtype local --parsable true        against node -e 0   (the daemon already up)
//   pcluster submit --qtype slurm --parsable true        against node -e 0 + one bare sbatch (when SLURM_CONF
//                                                        names a running Slurm, e.g. the project's test Slurm:
//                                                        SLURM_CONF=$(bash test/integration/slurm/start-slurm.sh))
// Every call runs in its own private state (XDG_STATE_HOME) and folder. Usage: node bench/startup.mjs [R=21]
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const R = Number(process.argv[2] ?? 21)
const bin = fileURLToPath(new URL('../bin/pcluster.cjs', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'pcluster-bench-startup-'))
writeFileSync(join(dir, 'config.ini'), '[local]\ncores = 2\nidle = 600\n')
const env = { ...process.env, PCLUSTER_CONFIG: join(dir, 'config.ini'), XDG_STATE_HOME: join(dir, 'state') }
const slurm = !!process.env.SLURM_CONF && spawnSync('sinfo', ['-h'], { stdio: 'ignore' }).status === 0

/** Wall ms of one run; the command must succeed. */
function once(argv) {
  const t0 = process.hrtime.bigint()
  const r = spawnSync(argv[0], argv.slice(1), { cwd: dir, env, stdio: ['ignore', 'pipe', 'inherit'] })
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  if (r.status !== 0) throw new Error(`${argv.join(' ')}: exit ${r.status}`)
  return { ms, out: r.stdout.toString().trim() }
}

const contenders = {
  node: ['node', '-e', '0'],
  version: ['node', bin, '--version'],
  local: ['node', bin, 'submit', '--qtype', 'local', '--parsable', 'true'],
  ...(slurm ? {
    sbatch: ['sbatch', '--parsable', '--wrap', 'true'],
    slurm: ['node', bin, 'submit', '--qtype', 'slurm', '--parsable', 'true'],
  } : {}),
}
spawnSync('node', [bin, 'local', 'start'], { env, stdio: 'ignore' })
const times = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]))
const slurmIds = []
for (const k of Object.keys(contenders)) once(contenders[k]) // warm-up, not counted
for (let i = 0; i < R; i++)
  for (const [k, argv] of Object.entries(contenders)) {
    const { ms, out } = once(argv)
    times[k].push(ms)
    if (k === 'sbatch' || k === 'slurm') slurmIds.push(out)
  }
spawnSync('node', [bin, 'local', 'stop'], { env, stdio: 'ignore' })
if (slurmIds.length) spawnSync('scancel', slurmIds.filter((id) => /^\d+$/.test(id)))

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] }
const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]))
console.log(`\nstart-up, median of ${R} interleaved runs (wall ms):`)
for (const [k, argv] of Object.entries(contenders)) console.log(`  ${argv.join(' ').replace(bin, 'pcluster').padEnd(60)} ${m[k].toFixed(1).padStart(7)} ms`)
console.log(`  pcluster --version / node -e 0:                ${(m.version / m.node).toFixed(2)}x`)
console.log(`  local submit / node -e 0:                      ${(m.local / m.node).toFixed(2)}x   (goal <= 1.5x)`)
if (slurm) console.log(`  slurm submit / (node -e 0 + sbatch):           ${(m.slurm / (m.node + m.sbatch)).toFixed(2)}x   (goal <= 1.5x)`)
else console.log('  (no running Slurm: set SLURM_CONF to measure the Slurm submit)')
