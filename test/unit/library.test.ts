// The library's helpers beyond Job (python-cluster's options, config_file and run modules), through the public
// face: option help and directive lines read off each backend, checkArguments, the config functions over the
// INI file, cmd/which, openZipped and splitFile.
import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { gzipSync } from 'node:zlib'
import * as api from 'pcluster'
import { CONFIG_FILES } from '../../src/backends/slurm/detect.js'
import { exportedFunctions } from '../../src/core/functionjob.js'
import { SYNONYMS } from '../../src/core/keywords.js'
import { testEnv } from '../helpers.js'

/** The library as a user imports it (the package's main file), for a child process. */
const INDEX = join(import.meta.dirname, '../../src/index.js')
const configuredAt = CONFIG_FILES.find((f) => existsSync(f))
const slurmConfigured = configuredAt && `${configuredAt} exists here: Slurm is configured, no notice to hear`

describe('options helpers', () => {
  it('optionsToString gives the directive lines each backend writes, synonyms taken; none for the local queue', () => {
    assert.equal(api.optionsToString({ cpus: 4, memory: '8G', walltime: '1-00:00:00' }, 'slurm'),
      '#SBATCH --cpus-per-task=4\n#SBATCH --mem=8192M\n#SBATCH --time=1-00:00:00')
    assert.equal(api.optionToString('queue', 'long', 'slurm'), '#SBATCH --partition=long')
    assert.match(api.optionsToString({ cores: 4, nodes: 2 }, 'torque'), /^#PBS -l nodes=2:ppn=4$/m)
    assert.match(api.optionsToString({ cores: 4 }, 'sge'), /^#\$ -pe smp 4$/m)
    assert.equal(api.optionsToString({ cores: 4 }, 'local'), '')
    assert.equal(api.optionsToString({ dependencies: '12' }, 'slurm'), '')
    assert.throws(() => api.optionsToString({ mem: 'lots' }, 'slurm'), api.UsageError)
    assert.throws(() => api.optionsToString({ cores: 2 }, 'pbs'), /invalid value 'pbs' for --qtype/)
  })
  it('optionHelp lists every keyword with where it applies, as text or rows', () => {
    const rows = api.optionHelp({ mode: 'table' })
    assert.deepEqual(rows.map((r) => r.name).sort(), api.OPTIONS.map((o) => o.name).sort())
    const features = rows.find((r) => r.name === 'features')!
    assert.ok(features.qtypes.includes('slurm') && !features.qtypes.includes('local'), features.qtypes.join())
    const local = api.optionHelp({ qtype: 'local', mode: 'table' })
    assert.ok(!local.some((r) => r.name === 'features'))
    assert.match(api.optionHelp(), /^Used everywhere:\n  cores \(synonyms: cpus\)/)
    assert.throws(() => api.optionHelp({ mode: 'html' as 'string' }), /invalid optionHelp mode "html"[\s\S]*/)
  })
  it('the option helpers answer synchronously, as in the README; without qtype, for the system detected here', async () => {
    for (const answer of [api.optionHelp(), api.optionHelp({ mode: 'table' }), api.optionsToString({ cores: 2 }, 'slurm'), api.optionToString('cores', 2, 'sge')])
      assert.ok(!(answer instanceof Promise) && answer !== undefined, String(answer))
    const t = testEnv()
    const here = execFileSync(process.execPath, ['--input-type=module', '-e', `
      import * as api from ${JSON.stringify(INDEX)}
      const sync = api.optionsToString({ cores: 2, time: '1:00:00' })
      const asked = api.optionsToString({ cores: 2, time: '1:00:00' }, await api.detectQType())
      console.log(JSON.stringify([sync, asked]))`], { env: t.env, encoding: 'utf8' })
    const [sync, asked] = JSON.parse(here) as [string, string]
    assert.equal(sync, asked)
  })
  it("optionHelp's mode 'print' prints the text to stdout and returns nothing", () => {
    const t = testEnv()
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', `
      import * as api from ${JSON.stringify(INDEX)}
      const returned = api.optionHelp({ mode: 'print', qtype: 'slurm' })
      process.stderr.write(String(returned))`], { env: t.env, encoding: 'utf8' })
    assert.equal(r.stdout, api.optionHelp({ qtype: 'slurm' }))
    assert.equal(r.stderr, 'undefined')
  })
  it('checkArguments returns canonical, coerced keywords and throws the CLI usage error', () => {
    assert.deepEqual(api.checkArguments({ cpus: '2', memory: '1G', dependencies: [12, '13'] }), { cores: 2, mem: 1024, depends: ['12', '13'] })
    assert.throws(() => api.checkArguments({ coress: 2 }), (e: api.UsageError) => e instanceof api.UsageError && e.exitCode === 2 && /did you mean 'cores'/.test(e.hint!))
  })
  it("the type-level synonyms are the registry's", () => {
    const registry = Object.fromEntries(api.OPTIONS.flatMap((o) => o.synonyms.map((s) => [s, o.name])))
    assert.deepEqual({ ...SYNONYMS }, registry)
  })
})

describe('config functions', () => {
  it('get/set/delete a key or a section, and profiles by name, over the same INI file the CLI reads', async () => {
    const t = testEnv()
    process.env.PCLUSTER_CONFIG = t.config
    writeFileSync(t.config, '[other]\nkept = yes\n')
    api.setOption('queue', 'max_queue_len', 5)
    assert.equal(api.getOption('queue', 'max_queue_len'), '5')
    assert.equal(api.loadConfig().settings.maxQueueLen, 5)
    assert.throws(() => api.setOption('queue', 'poll_max', 'soon'), /\[queue\] poll_max must be a whole number/)
    assert.equal(api.getOption('queue', 'poll_max'), undefined) // the bad write was undone
    assert.equal(api.getOption('queue', 'poll_max', 10), '10') // a fallback is written, as python-cluster did
    api.setProfile('big', { cpus: 8, memory: '16G' })
    assert.deepEqual(api.getProfile('big'), { cores: '8', mem: '16G' })
    assert.throws(() => api.setProfile('big', { memory: 'lots' }), api.UsageError)
    api.setOption('prof_big', 'walltime', '2:00:00')
    assert.equal((api.getProfile() as Record<string, api.RawOptions>).big!.time, '2:00:00')
    api.deleteOption('queue', 'poll_max')
    assert.deepEqual(api.getOption('queue'), { max_queue_len: '5' })
    api.deleteOption('queue')
    assert.equal(api.getOption('queue'), undefined)
    api.deleteProfile('big')
    assert.throws(() => api.getProfile('big'), /no profile named 'big'/)
    assert.match(readFileSync(t.config, 'utf8'), /^\[other\]\nkept = yes\n/)
    const r = execFileSync(process.execPath, [join(import.meta.dirname, '../../../bin/pcluster.cjs'), 'profile', 'list'], { env: { ...process.env, PCLUSTER_CONFIG: t.config } })
    assert.match(String(r), /default/)
  })
})

describe("run.py's helpers", () => {
  it('cmd runs a program without a shell and returns exit code and outputs; which finds programs', async () => {
    const t = testEnv()
    assert.deepEqual(await api.cmd('sh', ['-c', 'echo "$1"; echo err >&2; exit 3', 'sh', 'a b']), { exitCode: 3, stdout: 'a b\n', stderr: 'err\n' })
    const counter = join(t.dir, 'n')
    const r = await api.cmd('sh', ['-c', `echo x >> ${counter}; [ $(wc -l < ${counter}) -ge 2 ]`], { tries: 3, stdout: join(t.dir, 'o') })
    assert.equal(r.exitCode, 0)
    assert.equal(readFileSync(counter, 'utf8'), 'x\nx\n')
    assert.equal((await api.cmd('/no/such/program')).exitCode, null)
    assert.equal(api.which('sh'), execFileSync('sh', ['-c', 'command -v sh']).toString().trim())
    assert.equal(api.which('no-such-program-here'), null)
  })
  it('openZipped reads plain, gzip and bzip2 alike; splitFile streams a file into parts, each with the header', async () => {
    const t = testEnv()
    const text = ['id\tvalue', ...Array.from({ length: 10 }, (_, i) => `${i}\t${i * i}`)].join('\n') + '\n'
    writeFileSync(join(t.dir, 'a.tsv'), text)
    writeFileSync(join(t.dir, 'a.tsv.gz'), gzipSync(text))
    writeFileSync(join(t.dir, 'a.tsv.bz2'), execFileSync('bzip2', ['-c'], { input: text }))
    const read = async (p: string) => { let s = ''; for await (const c of await api.openZipped(p)) s += c; return s }
    for (const f of ['a.tsv', 'a.tsv.gz', 'a.tsv.bz2']) assert.equal(await read(join(t.dir, f)), text, f)
    writeFileSync(join(t.dir, 'bad.bz2'), 'BZh9 not really')
    await assert.rejects(read(join(t.dir, 'bad.bz2')), /cannot read .*bad\.bz2: bzip2 said/)
    const parts = await api.splitFile(join(t.dir, 'a.tsv.bz2'), 3, { outpath: t.dir })
    assert.deepEqual(parts, [1, 2, 3].map((i) => join(t.dir, `a.tsv.${i}`)))
    const got = parts.map((p) => readFileSync(p, 'utf8').split('\n').filter(Boolean))
    assert.deepEqual(got.map((l) => l.length), [5, 4, 4])
    assert.ok(got.every((l) => l[0] === 'id\tvalue'))
    assert.deepEqual(got.flatMap((l) => l.slice(1)), text.split('\n').slice(1, -1))
    const bare = await api.splitFile(join(t.dir, 'a.tsv'), 2, { keepHeader: false })
    assert.equal(bare.map((p) => readFileSync(p, 'utf8')).join(''), text)
  })
  it('splitFile into a folder that does not exist rejects its promise, naming the path; the process lives on', () => {
    const t = testEnv()
    writeFileSync(join(t.dir, 'a.tsv'), 'h\n1\n2\n')
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', `
      import * as api from ${JSON.stringify(INDEX)}
      const why = await api.splitFile(${JSON.stringify(join(t.dir, 'a.tsv'))}, 2, { outpath: ${JSON.stringify(join(t.dir, 'nope'))} })
        .then(() => 'resolved', (e) => e.constructor.name + ': ' + e.message)
      console.log(why)`], { env: t.env, encoding: 'utf8' })
    assert.equal(r.status, 0, r.stderr)
    assert.equal(r.stdout, `FileError: cannot write ${join(t.dir, 'nope', 'a.tsv.1')}: ENOENT: no such file or directory, open '${join(t.dir, 'nope', 'a.tsv.1')}'\n`)
  })
})

describe("python-cluster's manual, at its edges", () => {
  it('a null option value means the default, as python-cluster\'s None: not an error, not "null"', () => {
    const t = testEnv()
    process.env.PCLUSTER_CONFIG = t.config
    writeFileSync(t.config, '[prof_default]\nmem = 2G\n')
    const job = new api.Job('true', { mem: null, cores: null, time: null, dependencies: null, qtype: 'slurm', cwd: t.dir })
    assert.equal(job.options.mem, 2048) // the default profile's
    assert.equal(job.options.cores, 1) // the built-in default
    assert.deepEqual(job.depends, [])
    assert.equal(new api.Job('true', { qtype: null, profile: null, cwd: t.dir } as unknown as api.JobInit).options.mem, 2048)
    assert.deepEqual(api.checkArguments({ mem: null, cpus: 2 }), { cores: 2 })
    assert.equal(api.optionsToString({ mem: null, cpus: 2 }, 'slurm'), '#SBATCH --cpus-per-task=2')
    assert.equal(api.optionToString('mem', null, 'slurm'), '')
    assert.throws(() => api.checkArguments({ coress: null }), /unknown option 'coress'/) // the name is checked all the same
  })
  it("deleteProfile('default') empties it, as its hint and the README say it always exists: no error when it is empty", () => {
    const t = testEnv()
    process.env.PCLUSTER_CONFIG = t.config
    api.deleteProfile('default') // no file at all
    writeFileSync(t.config, '[queue]\nmax_jobs = 5\n')
    api.deleteProfile('default') // a file without the section
    assert.equal(readFileSync(t.config, 'utf8'), '[queue]\nmax_jobs = 5\n')
    assert.deepEqual(api.getProfile('default'), {})
    api.setProfile('default', { cores: 2 })
    api.deleteProfile('default')
    assert.deepEqual(api.getProfile('default'), {})
    assert.equal(readFileSync(t.config, 'utf8'), '[queue]\nmax_jobs = 5\n')
    assert.throws(() => api.deleteProfile('nope'), (e: api.UsageError) => /no profile named 'nope'/.test(e.message) && e.hint === 'profiles: default')
  })
  it("library notices go through the library's log (useLog, setLogLevel), never process.emitWarning", { skip: slurmConfigured }, () => {
    const t = testEnv()
    const bin = join(t.dir, 'bin')
    mkdirSync(bin)
    for (const cmd of ['sbatch', 'sinfo'])
      writeFileSync(join(bin, cmd), `#!/bin/sh\necho "${cmd}: fatal: Could not establish a configuration source" >&2\nexit 1\n`, { mode: 0o755 })
    const env: NodeJS.ProcessEnv = { ...t.env, PATH: bin }
    delete env.SLURM_CONF
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', `
      import * as api from ${JSON.stringify(INDEX)}
      const seen = []
      process.on('warning', (w) => seen.push('process warning: ' + w.message))
      api.useLog((level, line) => seen.push(level + ': ' + line))
      await api.getClusterEnvironment() // Slurm's commands without a configuration: a notice, and on to the local queue
      api.setLogLevel('error')
      await api.getClusterEnvironment()
      await new Promise((res) => setImmediate(res)) // process warnings are emitted on the next tick
      console.log(JSON.stringify(seen))`], { env, encoding: 'utf8' })
    assert.equal(r.status, 0, r.stderr)
    assert.deepEqual(JSON.parse(r.stdout), [
      "warn: pcluster: note: Slurm's commands are installed here but find no configuration: not using Slurm (--qtype slurm insists; SLURM_CONF points at a slurm.conf)"])
  })
})

describe('function jobs: finding the export', () => {
  it('reads every form of export statement, with the line and column V8 gives its function', () => {
    const src = [
      'export function a() {}',                // 0: V8 places a declaration at its '('
      'export async function* b() {}',         // 1
      'const c = (x) => x',                    // 2: an arrow where it starts
      'function d() {}',                       // 3
      'export { c, d as dee }',                // 4
      'export const e = async () => 1',        // 5
      'export default function () {}',         // 6
      "export { x } from './other.js'",        // 7
      'export const f = function named() {}',  // 8: a function expression at its '('
      'export let g = y => y',                 // 9
      'export const h = make(3)',              // 10: no function starts here
    ].join('\n')
    const at = (line: number, column: number) => ({ line, column })
    assert.deepEqual(Object.fromEntries(exportedFunctions(src)), {
      a: at(0, 17), b: at(1, 24), c: at(2, 10), dee: at(3, 10), e: at(5, 17), default: at(6, 24), f: at(8, 31), g: at(9, 15),
    })
  })
})
