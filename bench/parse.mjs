#!/usr/bin/env node
// Whether parsing stays flat as queues grow (issue 17): N lines of `squeue` output (the recorded lines of
// test/fixtures/slurm/squeue-mixed.txt, repeated under new ids) parsed by parseSqueue, best of 5 runs, with
// the heap it holds and the peak RSS. The figure to keep: 100,000 lines in 229 ms and 53 MB (2 cores). Then a
// dependency chain in the worst order, and Torque's `qstat -f -x` with T jobs (below).
// Needs `npm run build`. Usage: node --expose-gc bench/parse.mjs [N=100000] [T=20000]
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

// Torque's `qstat -f -x` (issue 17: "measure qstat -x with 20,000 jobs the same way once Torque lands"): the
// two recorded jobs of test/fixtures/torque/qstat-x-mxenes-torque6-R-Q.xml (one running, one queued) repeated
// under new ids, every queued one after the job before it (afterok), as a pipeline submits them; parsed as
// status does (parseQstatX, torqueStatus, markBrokenChains). T jobs (default 20,000; argv[3]).
const T = Number(process.argv[3] ?? 20_000)
const xml = readFileSync(fileURLToPath(new URL('../test/fixtures/torque/qstat-x-mxenes-torque6-R-Q.xml', import.meta.url)), 'utf8')
const templates = [...xml.matchAll(/<Job>[\s\S]*?<\/Job>/g)].map((m) => m[0])
const parts = []
for (let i = 0; i < T; i++) {
  const t = templates[i % templates.length].replace(/<Job_Id>[^<]*<\/Job_Id>/, `<Job_Id>${100_000 + i}.c0</Job_Id>`)
  parts.push(/<job_state>Q<\/job_state>/.test(t) && i > 0 ? t.replace('</Job>', `<depend>afterok:${100_000 + i - 1}.c0</depend></Job>`) : t)
}
const qstatX = `<?xml version="1.0"?>\n<Data>${parts.join('')}</Data>\n`
const { parseQstatX } = await import(new URL('../dist/src/backends/torque/qstatx.js', import.meta.url).href)
const { torqueStatus } = await import(new URL('../dist/src/backends/torque/states.js', import.meta.url).href)
const { markBrokenChains } = await import(new URL('../dist/src/backends/torque/jobstatus.js', import.meta.url).href)
for (const [label, fn] of [['parseQstatX + torqueStatus', () => parseQstatX(qstatX).map(torqueStatus)],
  ['  + markBrokenChains', () => markBrokenChains(parseQstatX(qstatX).map(torqueStatus))]]) {
  gc()
  const before = process.memoryUsage().heapUsed
  const t2 = process.hrtime.bigint()
  const jobs = fn()
  const ms = Number(process.hrtime.bigint() - t2) / 1e6
  if (jobs.length !== T) throw new Error(`parsed ${jobs.length} Torque jobs of ${T}`)
  console.log(`Torque qstat -f -x, ${T} jobs (${mb(qstatX.length)} MB of XML): ${label} in ${ms.toFixed(0)} ms, heap held ${mb(process.memoryUsage().heapUsed - before)} MB`)
}
