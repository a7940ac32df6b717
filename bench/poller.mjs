#!/usr/bin/env node
// N concurrent waits on M Slurm jobs of S seconds, two ways in the same run (one after the other, each on its
// own M fresh jobs): through one shared Poller in this process (src/service/poller.ts, what the service will
// host), and as today, N separate `pcluster wait` processes. Prints for each the squeue+sacct calls made
// (PCLUSTER_TRACE) and how long after the last job's end each wait returned (the job's command writes the
// time it ended, in ms, as its last act). Run after `npm run build`, on a Slurm that SLURM_CONF names, e.g.
// SLURM_CONF=$(bash test/integration/slurm/ours.sh conf) node bench/poller.mjs 20 5 40
// Usage: node bench/poller.mjs [N=20] [M=5] [S=40]
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const [N, M, S] = [20, 5, 40].map((d, i) => Number(process.argv[2 + i] ?? d))
const root = fileURLToPath(new URL('..', import.meta.url))
const bin = join(root, 'bin', 'pcluster.cjs')

/** A private folder, config and state; M jobs of S seconds submitted there with pcluster (so each writes its end record). */
function setup(label) {
  const dir = mkdtempSync(join(tmpdir(), `pcluster-bench-poller-${label}-`))
  const env = { ...process.env, PCLUSTER_CONFIG: join(dir, 'config.ini'), XDG_STATE_HOME: join(dir, 'state'), PCLUSTER_TRACE: join(dir, 'trace'), PCLUSTER_QTYPE: '' }
  const ids = Array.from({ length: M }, (_, i) => execFileSync('node', [bin, 'submit', '--qtype', 'slurm', '--parsable', '--name', `b${i}`,
    `sleep ${S}; date +%s%3N > ${join(dir, `b${i}.ended`)}`], { cwd: dir, env: { ...env, PCLUSTER_TRACE: '' }, encoding: 'utf8' }).trim())
  return { dir, env, ids }
}

/** The ids each of the N waits is on: all M jobs. */
const waitIds = (ids) => Array.from({ length: N }, () => ids)

function report(label, { dir, env, ids }, returns, codes, pids) {
  const lastEnd = Math.max(...ids.map((_, i) => Number(readFileSync(join(dir, `b${i}.ended`), 'utf8').trim())))
  const lines = existsSync(env.PCLUSTER_TRACE) ? readFileSync(env.PCLUSTER_TRACE, 'utf8').trim().split('\n') : []
  const ours = lines.map((l) => l.split(' ')).filter((f) => pids === undefined || pids.has(f[1]))
  const count = (c) => ours.filter((f) => f[2] === c).length
  const late = returns.map((t) => (t - lastEnd) / 1000).sort((a, b) => a - b)
  console.log(`  ${label.padEnd(36)} ${String(count('squeue')).padStart(4)} squeue + ${String(count('sacct')).padStart(3)} sacct = ${String(count('squeue') + count('sacct')).padStart(4)} calls;` +
    ` returned ${late[0].toFixed(1)} .. ${late.at(-1).toFixed(1)} s after the last end (median ${late[Math.floor(late.length / 2)].toFixed(1)} s);` +
    ` exits ${[...new Set(codes)].join(',')}`)
  return { calls: count('squeue') + count('sacct'), maxLate: late.at(-1) }
}

async function throughPoller() {
  const run = setup('poller')
  Object.assign(process.env, { PCLUSTER_CONFIG: run.env.PCLUSTER_CONFIG, XDG_STATE_HOME: run.env.XDG_STATE_HOME, PCLUSTER_TRACE: run.env.PCLUSTER_TRACE })
  const { Poller } = await import(join(root, 'dist', 'src', 'service', 'poller.js'))
  const { loadBackend } = await import(join(root, 'dist', 'src', 'backends', 'index.js'))
  const poller = new Poller({ backend: await loadBackend('slurm') })
  const returns = []
  const codes = []
  await Promise.all(waitIds(run.ids).map((ids) => poller.wait(ids).then((sts) => {
    returns.push(Date.now())
    codes.push(sts.every((s) => s.state === 'completed') ? 0 : 1)
  })))
  process.env.PCLUSTER_TRACE = ''
  poller.close()
  return report(`one Poller, ${N} waits in one process`, run, returns, codes, new Set([String(process.pid)]))
}

async function asToday() {
  const run = setup('processes')
  const returns = []
  const codes = []
  await Promise.all(waitIds(run.ids).map((ids) => new Promise((done) => {
    const w = spawn('node', [bin, 'wait', '--quiet', ...ids], { cwd: run.dir, env: run.env, stdio: 'inherit' })
    w.on('exit', (code) => { returns.push(Date.now()); codes.push(code); done() })
  })))
  return report(`${N} pcluster wait processes (today)`, run, returns, codes)
}

console.log(`\n${N} concurrent waits, each on the same ${M} Slurm jobs of ${S} s:`)
await throughPoller()
await asToday()
