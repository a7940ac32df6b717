// The library end to end, shared by the local queue and Slurm tests: python-cluster's manual examples
// (examples/python-cluster.ts) run unchanged, and function jobs return their value or their remote stack.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ROOT, type TestEnv } from '../helpers.js'

const EXAMPLE = join(ROOT, 'dist', 'examples', 'python-cluster.js')
const FUNCTIONS = join(ROOT, 'dist', 'examples', 'functions.js')

/** Runs examples/python-cluster.ts in t.dir and checks every line it prints. */
export async function runManualExamples(t: TestEnv, qtype: string): Promise<void> {
  const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [EXAMPLE], { cwd: t.dir, env: { ...t.env, PCLUSTER_QTYPE: qtype }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
  assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`)
  const lines = r.stdout.trim().split('\n')
  assert.deepEqual(lines.slice(0, 4), [
    `mode: ${qtype}`,
    'chain: exit 0, stdout "one\\ntwo\\n", stderr ""',
    'function: [["the",2],["cat",1],["and",1],["hat",1]]',
    'async function: 144',
  ], r.stdout)
  assert.match(lines[4]!, new RegExp(`^remote error: on purpose at fails \\(${pathToFileURL(FUNCTIONS).href.replace(/[.]/g, '\\.')}:\\d+:\\d+\\)$`))
  assert.match(lines[5]!, /^file: submitted \d+$/)
  assert.equal(lines[6], 'class: "job_folder/1.txt done!\\njob_folder/2.txt done!\\njob_folder/3.txt done!\\n"')
  assert.match(lines[7]!, /^queue: 5 of 5 complete, /)
  assert.match(lines[8]!, /^cleaned: \d+ files$/)
  // clean_dir took every file pcluster wrote (function jobs' argument and result files too); what is left is the
  // examples' own output and submit_file's output, a result kept as python-cluster kept it
  const left = readdirSync(t.dir).filter((f) => !f.startsWith('.') && f !== 'config.ini').sort()
  assert.deepEqual(left.filter((f) => !/^slurm-\d+\.out$/.test(f)), ['chain.txt', 'folder', 'my_output.txt', 'script.sh'])
}

/** A module whose top level submits a job, and exports a function: what python-cluster warned about. */
export function unguardedModule(t: TestEnv): string {
  const path = join(t.dir, 'unguarded.mjs')
  writeFileSync(path, `import { submit } from ${JSON.stringify(pathToFileURL(join(ROOT, 'dist', 'src', 'index.js')).href)}\n` +
    'export function twice(x) { return 2 * x }\n' +
    'if (process.env.UNGUARDED_SUBMIT) await submit(twice, [1])\n')
  return path
}

/** Function jobs through the library in this process: value, remote stack, files cleaned. */
export async function functionJobs(t: TestEnv, qtype: string): Promise<void> {
  const { submit, Job, RemoteError, PclusterError, clean, wait } = await import('pcluster')
  const { wordCount, fails, slowSquare } = await import(pathToFileURL(FUNCTIONS).href) as typeof import('../../examples/functions.js')
  const counted = await submit(wordCount, ['a b a'], { qtype, cwd: t.dir, filedir: t.dir })
  const squared = await submit(slowSquare, [9], { qtype, cwd: t.dir, filedir: t.dir, dependencies: counted })
  const failing = new Job(fails, ['remote trouble'], { qtype, cwd: t.dir, filedir: t.dir, name: 'failing' })
  await failing.submit()
  const statuses = await wait([counted, squared, failing])
  assert.deepEqual(statuses.map((s) => s.state), ['completed', 'completed', 'failed'])
  const got = await counted.get()
  assert.deepEqual(got.result, new Map([['a', 2], ['b', 1]]))
  assert.equal(got.exitCode, 0)
  assert.equal((await squared.get()).result, 81)
  await assert.rejects(failing.get(), (e: unknown) => e instanceof RemoteError && e.remote.message === 'remote trouble' &&
    /^Error: remote trouble\n\s+at fails \(file:.*functions\.js:\d+:\d+\)/.test(e.remote.stack) && /--- on the node ---\nError: remote trouble/.test(e.stack!))
  assert.match(failing.stderr!, /Error: remote trouble\n\s+at fails/)
  assert.equal(failing.exitCode, 1)
  // a module that submits at its top level: the job fails with the reason, instead of submitting again
  const unguarded = unguardedModule(t)
  const { twice } = await import(pathToFileURL(unguarded).href)
  process.env.UNGUARDED_SUBMIT = '1' // the job inherits it, so the module submits as the node imports it
  const resubmits = await submit(twice, [2], { qtype, cwd: t.dir, filedir: t.dir, name: 'resubmits' }).finally(() => delete process.env.UNGUARDED_SUBMIT)
  await assert.rejects(resubmits.get(), (e: unknown) => e instanceof RemoteError && /makes jobs at its top level/.test(e.message))
  const files = await clean([counted, squared, failing, resubmits], { deleteOutputs: true })
  assert.ok(files.some((f) => f.endsWith('wordCount.cluster.fn.result')) && files.some((f) => f.endsWith('wordCount.cluster.fn.in')), files.join(' '))
  assert.ok(!existsSync(join(t.dir, 'wordCount.cluster.fn.in')))
  // a function job that never ran has no result: get() says how it ended
  const never = await submit(slowSquare, [1], { qtype, cwd: t.dir, filedir: t.dir, dependencies: failing.id! })
  await assert.rejects(never.get(), (e: unknown) => e instanceof PclusterError && e.code === 'NO_RESULT' && /ended dependency_never_satisfied/.test(e.message))
}
