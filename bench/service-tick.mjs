#!/usr/bin/env node
// What the service's tick (every 500 ms) costs with many held local jobs: fills a store with N held jobs
// (SQL inserts in one transaction, as the store lays them out), opens it with the built Store and Loop, and
// times the tick (median and 95th percentile of many). With a second checkout given (e.g. main built beside
// this one), the same measure on its build in the same run. Needs `npm run build` in each checkout.
// Usage: node bench/service-tick.mjs [N=5000] [OTHER_CHECKOUT]
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const N = Number(process.argv[2] ?? 5000)
const TICKS = 200
const checkouts = [fileURLToPath(new URL('..', import.meta.url)), ...(process.argv[3] ? [resolve(process.argv[3])] : [])]

/** The store and loop modules of a build: src/service/ now, src/backends/local/daemon/ before it moved. */
function modules(root) {
  const dir = ['dist/src/service', 'dist/src/backends/local/daemon'].map((d) => join(root, d)).find((d) => existsSync(join(d, 'loop.js')))
  if (!dir) throw new Error(`${root}: no built loop.js (run npm run build there)`)
  return { store: pathToFileURL(join(dir, 'store.js')).href, loop: pathToFileURL(join(dir, 'loop.js')).href }
}

function fill(Database, path, n) {
  const db = new Database(path)
  const insert = db.prepare(`INSERT INTO jobs (backend, id, name, user, state, raw_state, depends, cores, submitted_at, end_path,
    script, out, err, cwd, env, wrap, args, held) VALUES ('local', ?, ?, 'bench', 'pending', 'PENDING', '[]', 1, ?, ?, '/bin/true',
    '/dev/null', '/dev/null', '/tmp', '{}', 0, '[]', 1)`)
  const at = new Date().toISOString()
  db.transaction(() => {
    for (let id = 1; id <= n; id++) insert.run(String(id), `held-${id}`, at, `/tmp/pcluster-bench-${id}.end`)
    db.prepare("UPDATE ids SET last = ? WHERE backend = 'local'").run(n)
  })()
  db.close()
}

async function measure(root) {
  const { store: storeUrl, loop: loopUrl } = modules(root)
  const { Store } = await import(storeUrl)
  const { Loop } = await import(loopUrl)
  const Database = createRequire(join(root, 'package.json'))('better-sqlite3')
  const dir = mkdtempSync(join(tmpdir(), 'pcluster-bench-tick-'))
  const path = join(dir, 'jobs.db')
  new Store(path).close() // creates the schema this build knows
  fill(Database, path, N)
  const store = new Store(path)
  const loop = new Loop(store, { capacity: { cores: 4, mem: 8192 }, stopGraceMs: 10_000 }, () => undefined)
  loop.adopt()
  const times = []
  for (let i = 0; i < TICKS; i++) {
    const t0 = performance.now()
    loop.tick(Date.now())
    times.push(performance.now() - t0)
  }
  store.close()
  rmSync(dir, { recursive: true, force: true })
  times.sort((a, b) => a - b)
  return { root, median: times[TICKS >> 1], p95: times[Math.floor(TICKS * 0.95)] }
}

console.log(`the service's tick with ${N} held local jobs (${TICKS} ticks each)`)
for (const root of checkouts) {
  const r = await measure(root)
  console.log(`  ${r.root.padEnd(30)} median ${r.median.toFixed(2)} ms, 95th percentile ${r.p95.toFixed(2)} ms`)
}
