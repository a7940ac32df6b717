#!/usr/bin/env node
// Whether pcluster's costs grow with history (issue 17), on the local queue, each part in a private state dir:
//  1. N submits from one Node process (the library) into one folder: the first and the last 1,000 timed.
//  2. M submits from a bash loop (`pcluster submit --qtype local --parsable true`) into one folder: first and
//     last 10% timed.
//  3. `pcluster queue` on the store part 1 left (N ended jobs, all of the last day, so the default view lists
//     them all), as a table, --json and --since 1h; then the same with those jobs aged two days (the store's
//     end times and the ledger's days moved back; the daemon stopped meanwhile), where the default shows none.
// Done when (issue 17): last/first <= 1.2 in parts 1 and 2, queue under 0.5 s by default.
// PCLUSTER_ROOT=/path/to/another/checkout runs another build (its dist/) as a baseline.
// Usage: node bench/scale.mjs [N=20000] [M=2000]
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const N = Number(process.argv[2] ?? 20_000)
const M = Number(process.argv[3] ?? 2_000)
const root = resolve(process.env.PCLUSTER_ROOT ?? fileURLToPath(new URL('..', import.meta.url)))
const bin = join(root, 'bin', 'pcluster.cjs')
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length
const fmt = (ms) => `${ms.toFixed(2)} ms`

/** A fresh private environment: its config (2 cores, no throttle: the submit itself is timed), state and folder. */
function privateEnv(label) {
  const dir = mkdtempSync(join(tmpdir(), `pcluster-bench-scale-${label}-`))
  const config = join(dir, 'config.ini')
  writeFileSync(config, '[local]\ncores = 2\nidle = 30\n[queue]\nmax_queue_len = 0\n')
  mkdirSync(join(dir, 'jobs'))
  return { dir, jobs: join(dir, 'jobs'), env: { ...process.env, PCLUSTER_CONFIG: config, XDG_STATE_HOME: join(dir, 'state'), PCLUSTER_QTYPE: 'local' } }
}

const pcluster = (env, args, cwd) => spawnSync(process.execPath, [bin, ...args], { env, cwd, encoding: 'utf8', maxBuffer: 1 << 30 })

function drain(env, cwd) {
  for (;;) {
    const r = pcluster(env, ['local', 'status', '--json'], cwd)
    const counts = JSON.parse(r.stdout).counts ?? {}
    if (!(counts.pending ?? 0) && !(counts.running ?? 0) && !(counts.completing ?? 0)) return counts
    spawnSync('sleep', ['1'])
  }
}

// ---- 1. the library ------------------------------------------------------------------------------------------
const lib = privateEnv('lib')
Object.assign(process.env, lib.env)
const { submit } = await import(join(root, 'dist', 'src', 'index.js'))
const each = []
let failed
for (let i = 0; i < N; i++) {
  const t0 = process.hrtime.bigint()
  try {
    await submit('true', { qtype: 'local' }, { cwd: lib.jobs })
  } catch (e) {
    failed = `submit ${i + 1} failed: ${e.code ?? ''} ${e.message}`
    break
  }
  each.push(Number(process.hrtime.bigint() - t0) / 1e6)
  if ((i + 1) % 5000 === 0) console.error(`  library: ${i + 1} submitted`)
}
const K = Math.min(1000, Math.floor(each.length / 2))
const libFirst = mean(each.slice(0, K))
const libLast = mean(each.slice(-K))
console.log(`\n1. ${each.length} submits from one Node process into one folder${failed ? ` (stopped: ${failed})` : ''}`)
console.log(`   first ${K}: ${fmt(libFirst)}/job   last ${K}: ${fmt(libLast)}/job   last/first ${(libLast / libFirst).toFixed(2)}`)
const counts = drain(lib.env, lib.jobs)
console.log(`   store after: ${JSON.stringify(counts)}; folder holds ${readdirSync(lib.jobs).length} files`)

// ---- 2. a bash loop -----------------------------------------------------------------------------------------
const sh = privateEnv('bash')
const times = join(sh.dir, 'times')
const loop = spawnSync('bash', ['-c', `for i in $(seq ${M}); do s=$(date +%s%N); node ${JSON.stringify(bin)} submit --qtype local --parsable true >/dev/null || exit 1; e=$(date +%s%N); echo $(( (e - s) / 1000 )) >> ${JSON.stringify(times)}; done`],
  { cwd: sh.jobs, env: sh.env, stdio: ['ignore', 'inherit', 'inherit'] })
const shEach = readFileSync(times, 'utf8').trim().split('\n').map((us) => Number(us) / 1000)
const S = Math.max(1, Math.floor(shEach.length / 10))
const shFirst = mean(shEach.slice(0, S))
const shLast = mean(shEach.slice(-S))
console.log(`\n2. ${shEach.length} submits from a bash loop into one folder${loop.status ? ` (exit ${loop.status})` : ''}`)
console.log(`   first ${S}: ${fmt(shFirst)}/job   last ${S}: ${fmt(shLast)}/job   last/first ${(shLast / shFirst).toFixed(2)}`)
drain(sh.env, sh.jobs)
pcluster(sh.env, ['local', 'stop'], sh.jobs)

// ---- 3. queue on a store of N ended jobs --------------------------------------------------------------------
function timeQueue(args) {
  const best = []
  let rows = 0
  for (let run = 0; run < 3; run++) {
    const t0 = process.hrtime.bigint()
    const r = pcluster(lib.env, ['queue', '--qtype', 'local', ...args], lib.jobs)
    best.push(Number(process.hrtime.bigint() - t0) / 1e6)
    if (r.status !== 0) throw new Error(`queue ${args.join(' ')}: exit ${r.status}: ${r.stderr}`)
    rows = args.includes('--json') ? JSON.parse(r.stdout).length : r.stdout.split('\n').filter((l) => /^\s*[│]?\s*\d/.test(l)).length
  }
  return `${Math.min(...best).toFixed(0)} ms (${rows} rows)`
}
console.log(`\n3. pcluster queue on a store of ${each.length} ended jobs (best of 3, wall time of the whole command)`)
console.log(`   all ended today:   default ${timeQueue([])}   --json ${timeQueue(['--json'])}   --since 1h ${timeQueue(['--since', '1h', '--json'])}`)

// the same jobs two days older: the store's end times and the ledger's day files moved back
pcluster(lib.env, ['local', 'stop'], lib.jobs)
const TWO_DAYS = 2 * 86400_000
const store = join(lib.env.XDG_STATE_HOME, 'pcluster', 'local', hostname(), 'store.db')
execFileSync(process.execPath, ['-e', `const D = require(${JSON.stringify(join(root, 'node_modules', 'better-sqlite3'))}); const db = new D(${JSON.stringify(store)});
  db.prepare("UPDATE jobs SET ended_at = strftime('%Y-%m-%dT%H:%M:%fZ', ended_at, '-2 days'), submitted_at = strftime('%Y-%m-%dT%H:%M:%fZ', submitted_at, '-2 days') WHERE ended_at IS NOT NULL").run(); db.close()`])
const daysDir = join(lib.env.XDG_STATE_HOME, 'pcluster', 'jobs', `local-${hostname()}`, 'days')
try {
  for (const f of readdirSync(daysDir).filter((f) => f.endsWith('.jsonl'))) {
    const lines = readFileSync(join(daysDir, f), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    const byDay = new Map()
    for (const l of lines) {
      if (l.submittedAt) l.submittedAt = new Date(Date.parse(l.submittedAt) - TWO_DAYS).toISOString()
      const day = (l.submittedAt ?? new Date(Date.parse(`${f.slice(0, 10)}T12:00:00Z`) - TWO_DAYS).toISOString()).slice(0, 10)
      byDay.set(day, [...(byDay.get(day) ?? []), JSON.stringify(l)])
    }
    renameSync(join(daysDir, f), join(daysDir, `${f}.old`))
    for (const [day, ls] of byDay) writeFileSync(join(daysDir, `${day}.jsonl`), ls.join('\n') + '\n', { flag: 'a' })
  }
} catch (e) {
  if (e.code !== 'ENOENT') throw e // a build without day files reads the per-job files' times instead
}
pcluster(lib.env, ['local', 'start'], lib.jobs)
console.log(`   all ended 2 days ago: default ${timeQueue([])}   --all --json ${timeQueue(['--all', '--json'])}`)
pcluster(lib.env, ['local', 'stop'], lib.jobs)
