#!/usr/bin/env node
// What `qacct` costs as Grid Engine's accounting file grows, and how many qstat/qacct calls `pcluster wait`
// makes, on a real Grid Engine (SGE_ROOT set, its binaries on PATH: `eval "$(bash test/integration/sge/ours.sh
// env | sed 's/^/export /')"` for the project's test one). Run after `npm run build`.
//  1. qacct reads the whole file on every call: for each size, a copy of the live accounting file grown to that
//     many records (in a temp folder, never the live file; all old but the last 20, as on a busy cell) is read
//     with `qacct -f COPY` the two ways pcluster asks: `-j ID` (one job) and `-j '*' -o USER -b YESTERDAY` (the
//     batch it uses for several jobs that left qstat). Median of 3 runs each.
//  2. `pcluster wait` on N jobs (default 10): how many qstat and qacct calls it made (PCLUSTER_TRACE): one
//     of each per poll whatever N, never one per job.
// Usage: node bench/sge-qacct.mjs [SIZES=1000,10000,100000,1000000] [N=10]
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync, createWriteStream, statSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const sizes = (process.argv[2] ?? '1000,10000,100000,1000000').split(',').map(Number)
const N = Number(process.argv[3] ?? 10)
if (!process.env.SGE_ROOT) throw new Error('SGE_ROOT is not set: this needs a real Grid Engine')
const live = join(process.env.SGE_ROOT, process.env.SGE_CELL ?? 'default', 'common', 'accounting')
const templates = readFileSync(live, 'utf8').split('\n').filter((l) => l && !l.startsWith('#') && l.split(':').length > 40)
if (!templates.length) throw new Error(`no records in ${live} to copy: run a few jobs first`)
const dir = mkdtempSync(join(tmpdir(), 'pcluster-bench-qacct-'))
const user = userInfo().username
const now = Math.floor(Date.now() / 1000)
const stamp = (d) => `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}0000`
const yesterday = stamp(new Date(Date.now() - 86400_000))

async function grow(file, records) {
  const out = createWriteStream(file)
  for (let i = 0; i < records; i++) {
    const f = templates[i % templates.length].split(':')
    // fields: qname host group owner name job_number account priority submit start end ...
    const t = i < records - 20 ? now - 40 * 86400 + i % 86400 : now - 60
    f[3] = user; f[5] = String(1_000_000 + i); f[8] = String(t); f[9] = String(t + 1); f[10] = String(t + 2)
    if (!out.write(f.join(':') + '\n')) await new Promise((r) => out.once('drain', r))
  }
  await new Promise((r) => out.end(r))
}

function median(argv) {
  const ms = []
  let lines = 0
  for (let i = 0; i < 3; i++) {
    const t0 = process.hrtime.bigint()
    const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', maxBuffer: 1 << 30 })
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6)
    if (r.status !== 0) throw new Error(`${argv.join(' ')}: ${r.stderr}`)
    lines = r.stdout.split('\n').filter((l) => l.startsWith('jobnumber')).length
  }
  return { ms: ms.sort((a, b) => a - b)[1], records: lines }
}

console.log(`qacct on a copy of ${live} grown to each size (median of 3)`)
console.log('records      file MB   qacct -j ONE_ID   qacct -j * -o USER -b YESTERDAY (records out)')
for (const n of sizes) {
  const file = join(dir, `accounting.${n}`)
  await grow(file, n)
  const one = median(['qacct', '-f', file, '-j', String(1_000_000 + Math.floor(n / 2))])
  const batch = median(['qacct', '-f', file, '-j', '*', '-o', user, '-b', yesterday])
  console.log(`${String(n).padStart(9)}  ${(statSync(file).size / 1e6).toFixed(1).padStart(8)}  ${one.ms.toFixed(0).padStart(12)} ms  ${batch.ms.toFixed(0).padStart(12)} ms (${batch.records})`)
  rmSync(file)
}

// 2. calls made by one wait on N jobs
const bin = fileURLToPath(new URL('../bin/pcluster.js', import.meta.url))
const env = { ...process.env, PCLUSTER_CONFIG: join(dir, 'config.ini'), XDG_STATE_HOME: join(dir, 'state'), PCLUSTER_QTYPE: 'sge' }
const ids = []
for (let i = 0; i < N; i++) {
  const r = spawnSync(process.execPath, [bin, 'submit', '--parsable', '--filedir', dir, `sleep ${1 + (i % 3)}`], { cwd: dir, env, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(r.stderr)
  ids.push(r.stdout.trim())
}
const trace = join(dir, 'trace')
const w = spawnSync(process.execPath, [bin, 'wait', '--quiet', ...ids], { cwd: dir, env: { ...env, PCLUSTER_TRACE: trace }, encoding: 'utf8' })
const calls = readFileSync(trace, 'utf8').trim().split('\n').map((l) => l.split(' ')[2])
const count = (c) => calls.filter((x) => x === c).length
console.log(`\npcluster wait on ${N} jobs (exit ${w.status}): ${count('qstat')} qstat and ${count('qacct')} qacct calls in all`)
writeFileSync(join(dir, 'done'), '')
rmSync(dir, { recursive: true, force: true })
