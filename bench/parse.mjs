#!/usr/bin/env node
// Whether parsing stays flat as queues grow (issue 17): N lines of `squeue` output (the recorded lines of
// test/fixtures/slurm/squeue-mixed.txt, repeated under new ids) parsed by parseSqueue, best of 5 runs, with
// the heap it holds and the peak RSS. The figure to keep: 100,000 lines in 229 ms and 53 MB (2 cores). Then a
// dependency chain in the worst order. (Torque's `qstat -f -x` at 20,000 jobs: bench/torque-qstat.mjs.)
// Needs `npm run build`. Usage: node --expose-gc bench/parse.mjs [N=100000]
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const N = Number(process.argv[2] ?? 100_000)
const { parseSqueue } = await import(new URL('../dist/src/backends/slurm/status.js', import.meta.url).href)
const recorded = readFileSync(fileURLToPath(new URL('../test/fixtures/slurm/squeue-mixed.txt', import.meta.url)), 'utf8')
  .split('\n').filter((l) => l.includes('\x1f'))
const lines = []
for (let i = 0; i < N; i++) {
  const f = recorded[i % recorded.length].split('\x1f')
  f[0] = String(1_000_000 + i)
  lines.push(f.join('\x1f'))
}
const text = lines.join('\n') + '\n'
lines.length = 0

const gc = globalThis.gc ?? (() => undefined)
let best = Infinity
let held = 0
for (let run = 0; run < 5; run++) {
  gc()
  const before = process.memoryUsage().heapUsed
  const t0 = process.hrtime.bigint()
  const jobs = parseSqueue(text)
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  held = Math.max(held, process.memoryUsage().heapUsed - before)
  if (jobs.length !== N) throw new Error(`parsed ${jobs.length} jobs of ${N}`)
  best = Math.min(best, ms)
}
const mb = (b) => (b / 1024 / 1024).toFixed(0)
console.log(`parseSqueue: ${N} lines (${mb(text.length)} MB of text) in ${best.toFixed(0)} ms (best of 5); ` +
  `heap held by the result ${mb(held)} MB; peak RSS ${mb(process.resourceUsage().maxRSS * 1024)} MB` +
  (globalThis.gc ? '' : ' (run with --expose-gc for a truer heap figure)'))

// The worst order for carrying "never satisfied" down a chain: each job listed before the one it depends on,
// the head of the chain (whose dependency failed) last.
const C = Math.min(N, 20_000)
const chain = []
for (let i = C - 1; i >= 1; i--) chain.push([String(2_000_000 + i), 'PENDING', 'Dependency', 'u', 'p', '1', '1', '', 'N/A', `afterok:${2_000_000 + i - 1}(unfulfilled)`, `c${i}`].join('\x1f'))
chain.push([String(2_000_000), 'PENDING', 'DependencyNeverSatisfied', 'u', 'p', '1', '1', '', 'N/A', 'afterok:1(failed)', 'c0'].join('\x1f'))
const t1 = process.hrtime.bigint()
const marked = parseSqueue(chain.join('\n'))
const chainMs = Number(process.hrtime.bigint() - t1) / 1e6
if (!marked.every((j) => j.state === 'dependency_never_satisfied')) throw new Error('the chain was not carried through')
console.log(`parseSqueue: a chain of ${C} dependent jobs, listed children first, in ${chainMs.toFixed(0)} ms`)

