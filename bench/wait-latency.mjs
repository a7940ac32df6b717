#!/usr/bin/env node
// How late `pcluster wait` returns after a Slurm job ends, and how many squeue/sacct calls it made doing so:
// submits one `sleep S` job, runs `pcluster wait` on it (PCLUSTER_TRACE counts the calls), and compares the
// moment wait returned with the job's End in Slurm's accounting (whole seconds). With a second checkout given
// (e.g. the previous release built beside this one), its pcluster waits on a twin job in the same run.
// Needs a running Slurm (SLURM_CONF), e.g. SLURM_CONF=$(bash test/integration/slurm/start-slurm.sh).
// Usage: node bench/wait-latency.mjs [S=45] [OTHER_CHECKOUT]
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const S = Number(process.argv[2] ?? 45)
const checkouts = [fileURLToPath(new URL('..', import.meta.url)), ...(process.argv[3] ? [resolve(process.argv[3])] : [])]
const launcher = (root) => ['bin/pcluster.cjs', 'bin/pcluster.js'].map((b) => join(root, b)).find(existsSync)

async function one(root, i) {
  const dir = mkdtempSync(join(tmpdir(), `pcluster-bench-wait-${i}-`))
  const env = { ...process.env, PCLUSTER_CONFIG: join(dir, 'config.ini'), XDG_STATE_HOME: join(dir, 'state'), PCLUSTER_TRACE: join(dir, 'trace') }
  const bin = launcher(root)
  const id = execFileSync('node', [bin, 'submit', '--qtype', 'slurm', '--parsable', `sleep ${S}`], { cwd: dir, env, encoding: 'utf8' }).trim()
  const returned = await new Promise((done) => {
    const w = spawn('node', [bin, 'wait', '--quiet', id], { cwd: dir, env, stdio: 'inherit' })
    w.on('exit', (code) => done({ at: Date.now() / 1000, code }))
  })
  const end = execFileSync('sacct', ['-n', '-X', '-P', '-j', id, '-o', 'End'], { encoding: 'utf8' }).trim()
  const endAt = Number(execFileSync('date', ['-d', end, '+%s'], { encoding: 'utf8' }).trim())
  const calls = readFileSync(env.PCLUSTER_TRACE, 'utf8').trim().split('\n').map((l) => l.split(' ')[2])
  const count = (c) => calls.filter((x) => x === c).length
  return { root, id, code: returned.code, late: returned.at - endAt, squeue: count('squeue'), sacct: count('sacct') }
}

const results = await Promise.all(checkouts.map(one))
console.log(`\npcluster wait on a ${S} s Slurm job: seconds after Slurm's End (whole seconds) that wait returned`)
for (const r of results)
  console.log(`  ${r.root.padEnd(30)} job ${r.id}: exit ${r.code}, returned ${r.late.toFixed(1)} s after End, ${r.squeue} squeue + ${r.sacct} sacct calls`)
