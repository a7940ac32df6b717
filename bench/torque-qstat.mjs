#!/usr/bin/env node --expose-gc
// Torque status at scale (issue 17): a `qstat -f -x` answer of N jobs in the shape of the real Torque 6 samples
// (test/fixtures/torque/qstat-x-mxenes-torque6-*.xml: one <Data> line, every attribute, a long Variable_List with
// a raw `&` and a control character, as -V leaves them), read the way `pcluster wait` reads it each poll: clean +
// parse (fast-xml-parser), map to states, mark broken afterok chains, pick the ids waited on. Times (best of 3)
// and heap held by the answer, for N/4, N/2 and N jobs, so growth can be read off: flat per job means linear.
// Needs `npm run build`. Usage: node --expose-gc bench/torque-qstat.mjs [N=20000] [WAITED=1000]
import { fileURLToPath } from 'node:url'

const dist = (p) => fileURLToPath(new URL(`../dist/src/backends/${p}`, import.meta.url))
const { parseQstatX } = await import(dist('torque/qstatx.js'))
const { torqueStatus } = await import(dist('torque/states.js'))
const { markBrokenChains, pick } = await import(dist('qsub-family/jobstatus.js'))

const N = Number(process.argv[2] ?? 20000)
const WAITED = Number(process.argv[3] ?? 1000)
const SERVER = 'c0.cluster.example.org'
const PATH = '/home/wcx/app/vaspkit.1.2.1/bin:/opt/intel/oneapi/mpi/2021.5.1//bin:/usr/local/torque/bin:/usr/local/bin:/usr/bin:/home/wcx/bin'

/** One job: 50% R, 25% Q, 15% C (exit 0, 1 or 271), 10% H on an afterok parent (a third of those a failed one). */
function job(i) {
  const id = `${1000 + i}.${SERVER}`
  const kind = i % 20
  const state = kind < 10 ? 'R' : kind < 15 ? 'Q' : kind < 18 ? 'C' : 'H'
  const t = 1659969957 + i
  const dir = `/home/wcx/data/W2CO2_add/run${i}`
  let x = `<Job><Job_Id>${id}</Job_Id><Job_Name>vasp-${i}</Job_Name><Job_Owner>wcx@localhost</Job_Owner>`
  if (state === 'R' || state === 'C') x += '<resources_used><cput>02:07:06</cput><energy_used>0</energy_used><mem>8942880kb</mem><vmem>285471748kb</vmem><walltime>00:02:57</walltime></resources_used>'
  x += `<job_state>${state}</job_state><queue>master</queue><server>${SERVER}</server><Checkpoint>u</Checkpoint><ctime>${t}</ctime>`
  x += `<Error_Path>c0:${dir}/vasp.e${1000 + i}</Error_Path>`
  if (state === 'R' || state === 'C') x += `<exec_host>c${i % 64}/0-43</exec_host>`
  x += `<Hold_Types>${state === 'H' ? 's' : 'n'}</Hold_Types><Join_Path>n</Join_Path><Keep_Files>n</Keep_Files><Mail_Points>a</Mail_Points><mtime>${t}</mtime>`
  x += `<Output_Path>c0:${dir}/vasp.o${1000 + i}</Output_Path><Priority>0</Priority><qtime>${t}</qtime><Rerunable>True</Rerunable>`
  x += '<Resource_List><nodes>1:ppn=44</nodes><walltime>120:00:00</walltime><nodect>1</nodect></Resource_List>'
  if (state === 'H') x += `<depend>afterok:${1000 + i - (i % 60 === 18 ? 1 : 3)}.${SERVER}@${SERVER}</depend>`
  x += `<Shell_Path_List>/bin/bash</Shell_Path_List><Variable_List>PBS_O_QUEUE=master,PBS_O_HOME=/home/wcx,PBS_O_PATH=${PATH},PBS_O_WORKDIR=${dir},LESS_TERMCAP=\x1b[0m,Q=a&b</Variable_List>`
  x += '<euser>wcx</euser><egroup>wcx</egroup><queue_type>E</queue_type>'
  x += state === 'Q' ? '<comment>Not Running: Not enough of the right type of nodes are available</comment>' : state === 'R' ? '<comment>Job started on Mon Aug 08 at 22:45</comment>' : ''
  x += `<etime>${t}</etime><submit_args>pbs.run</submit_args>`
  if (state === 'R' || state === 'C') x += `<start_time>${t}</start_time><start_count>1</start_count>`
  if (state === 'C') x += `<exit_status>${[0, 1, 271][i % 3]}</exit_status><comp_time>${t + 600}</comp_time><total_runtime>600.000000</total_runtime>`
  x += `<fault_tolerant>False</fault_tolerant><job_radix>0</job_radix><submit_host>c0</submit_host><init_work_dir>${dir}</init_work_dir><request_version>1</request_version></Job>`
  return x
}

const answer = (n) => `<?xml version="1.0"?>\n<Data>${Array.from({ length: n }, (_, i) => job(i)).join('')}</Data>\n`

const gc = () => globalThis.gc?.()
const ms = (f) => { const t = process.hrtime.bigint(); const v = f(); return [Number(process.hrtime.bigint() - t) / 1e6, v] }
const best = (f) => Math.min(...[0, 1, 2].map(() => ms(f)[0]))

function measure(n) {
  const text = answer(n)
  const ids = Array.from({ length: Math.min(WAITED, n) }, (_, i) => `${1000 + Math.floor((i * n) / Math.min(WAITED, n))}.${SERVER}`)
  const parse = best(() => parseQstatX(text))
  const records = parseQstatX(text)
  const states = best(() => records.map(torqueStatus))
  const chains = best(() => markBrokenChains(records.map(torqueStatus)))
  const jobs = markBrokenChains(records.map(torqueStatus))
  const picked = best(() => pick(jobs, ids))
  // heap held by what one poll builds (the records and statuses, text excluded), after a collection
  gc(); const before = process.memoryUsage().heapUsed
  const held = markBrokenChains(parseQstatX(text).map(torqueStatus))
  gc(); const after = process.memoryUsage().heapUsed
  if (held.length !== n) throw new Error(`parsed ${held.length} of ${n} jobs`)
  return { n, mb: text.length / 1e6, parse, states, chains: chains - states, picked, heap: (after - before) / 1e6 }
}

if (!globalThis.gc) console.log('(run with node --expose-gc for the heap column)')
console.log(`qstat -f -x with N jobs; pick = ${WAITED} ids waited on; times best of 3 (ms); heap held after a poll (MB)`)
console.log('      N   text MB   parse   states  chains   pick   total  µs/job   heap MB')
for (const n of [N / 4, N / 2, N].map(Math.round)) {
  const r = measure(n)
  const total = r.parse + r.states + r.chains + r.picked
  console.log(`${String(r.n).padStart(7)} ${r.mb.toFixed(1).padStart(9)} ${r.parse.toFixed(0).padStart(7)} ${r.states.toFixed(0).padStart(8)} ${r.chains.toFixed(0).padStart(7)} ${r.picked.toFixed(0).padStart(6)} ${total.toFixed(0).padStart(7)} ${(total * 1000 / r.n).toFixed(1).padStart(7)} ${r.heap.toFixed(1).padStart(9)}`)
}
console.log(`rss at the end: ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`)
