#!/usr/bin/env node
// The local queue's submit cost: N trivial jobs submitted from a bash loop and then waited on, against the
// same loop with task-spooler (`tsp -S 2`, Debian package task-spooler) and against N bare `node -e 0`.
// Each contender gets its own private state (pcluster: XDG_STATE_HOME; tsp: TS_SOCKET).
// Usage: node bench/local.mjs [N=200]
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const N = Number(process.argv[2] ?? 200)
const bin = fileURLToPath(new URL('../bin/pcluster.cjs', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'pcluster-bench-local-'))
writeFileSync(join(dir, 'config.ini'), '[local]\ncores = 2\nidle = 10\n')
const env = { ...process.env, PCLUSTER_CONFIG: join(dir, 'config.ini'), XDG_STATE_HOME: join(dir, 'state'), PCLUSTER_QTYPE: 'local', TS_SOCKET: join(dir, 'tsp.sock') }

function time(label, script) {
  const t0 = process.hrtime.bigint()
  const r = spawnSync('bash', ['-c', script], { cwd: dir, env, stdio: ['ignore', 'ignore', 'inherit'] })
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  if (r.status !== 0) throw new Error(`${label}: exit ${r.status}`)
  return ms
}

const hasTsp = spawnSync('bash', ['-c', 'command -v tsp'], { env }).status === 0
const rows = []
rows.push(['node -e 0 (N starts)', time('node', `for i in $(seq ${N}); do node -e 0; done`)])
// warm start: the daemon is up, as it is for every submission but the first in a pipeline
spawnSync('node', [bin, 'local', 'start'], { env, stdio: 'ignore' })
rows.push(['pcluster submit + wait', time('pcluster', `ids=; for i in $(seq ${N}); do ids="$ids $(node ${bin} submit --parsable true)"; done; node ${bin} wait --quiet $ids`)])
spawnSync('node', [bin, 'local', 'stop'], { env, stdio: 'ignore' })
if (hasTsp) {
  spawnSync('tsp', ['-S', '2'], { env })
  rows.push(['tsp -S 2 + tsp -w', time('tsp', `for i in $(seq ${N}); do tsp true >/dev/null; done; tsp -w >/dev/null 2>&1 || true; while [ -n "$(tsp -l | awk 'NR>1 && $2 != "finished"')" ]; do sleep 0.05; done`)])
  spawnSync('tsp', ['-K'], { env })
}
console.log(`\n${N} trivial jobs from a bash loop, then waited on (wall ms total, ms per job):`)
for (const [label, ms] of rows) console.log(`  ${label.padEnd(26)} ${ms.toFixed(0).padStart(7)} ms  ${(ms / N).toFixed(1).padStart(6)} ms/job`)
if (!hasTsp) console.log('  (task-spooler not installed: apt-get install task-spooler)')
