// The CLI as a user meets it, without any batch system: bad input is refused with exit 2 and nothing is
// written; --dry-run renders; options, profile, --version and --help answer.
import assert from 'node:assert/strict'
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { describe, it } from 'node:test'
import { cli, FIXTURES, ROOT, testEnv } from '../helpers.js'

const listing = (dir: string) => readdirSync(dir).filter((f) => f !== 'config.ini' && f !== '.state').sort()

describe('bad input: exit 2, a clear message, nothing written or submitted', () => {
  const cases: [string[], RegExp][] = [
    [['submit', '--coers', '2', 'echo hi'], /unknown option '--coers'[\s\S]*--cores/],
    [['submit', '--mem', 'lots', 'echo hi'], /--mem[\s\S]*500MB, 4G/],
    [['submit', '--time', '25:99:99:99', 'echo hi'], /--time[\s\S]*HH:MM:SS/],
    [['submit', '--cores', '0', 'echo hi'], /--cores[\s\S]*at least 1/],
    [['submit', '--qtype', 'slurm', '--filedir', 'jobs/%j', 'echo hi'], /--filedir: no % here[\s\S]*--outfile\/--errfile take %j job id/],
    [['submit', '--qtype', 'local', '--outfile', '%N.out', 'echo hi'], /--outfile: a % that is not one of %j, %x, %u, %%/],
    [['submit', '--qtype', 'slurm', '--dry-run', '--parsable', 'echo hi'], /--parsable prints the job id[\s\S]*--dry-run --json/],
    [['submit', '--qtype', 'local', '--time', '99999999', 'echo hi'], /--time 99999999 is 69444-10:39:00, more than the longest pcluster takes \(365 days\)[\s\S]*--time 0/],
    [['submit', '--profile', 'nope', 'echo hi'], /no profile named 'nope'[\s\S]*profiles: default/],
    [['submit', '--qtype', 'pbs', 'echo hi'], /--qtype[\s\S]*slurm, sge, torque, pbspro, local/],
    [['submit', '--name', 'a\nb', 'echo hi'], /--name/],
    [['submit', '--depends', '12;rm', 'echo hi'], /--depends/],
    [['submit', '--max-queue-len', 'x', 'echo hi'], /--max-queue-len/],
    [['submit', '--qtype', 'local', '--max-queue-len', '99999999999999999999999', 'echo hi'], /invalid value '99999999999999999999999' for --max-queue-len/],
    [['submit', '--qtype', 'slurm', ''], /no command/],
    [['queue', '--state', 'runing'], /did you mean 'running'/],
    [['queue', '--qtype', 'local', '--user', 'nosuchuser'], /no user named 'nosuchuser'/],
    [['queue', '--qtype', 'local', '--since', 'yesterday'], /invalid value 'yesterday' for --since[\s\S]*7d, 12h/],
    [['queue', '--qtype', 'local', '--all', '--since', '7d'], /--all and --since both say how far back/],
    [['wait', '12;x'], /invalid job id/],
    // the backend's title is a name with its own article: never "not a the local queue job id"
    [['wait', '--qtype', 'local', 'abc'], /invalid job id 'abc': not a job id of the local queue\n  hint: wait takes job ids of the local queue such as/],
    [['wait', ''], /an empty job id/],
    [['submit', '--qtype', 'slurm', '--depends', '', 'true'], /--depends[\s\S]*did the submission before it fail/],
    // an option after a shell string would be glued into the command: refused, naming both fixes
    [['submit', '--qtype', 'local', 'echo hi', '--wait'], /--wait comes after the command[\s\S]*options first[\s\S]*-- CMD/],
    [['submit', '--qtype', 'local', 'python3', 'run.py', '--cores=4'], /--cores comes after the command/],
    [['submit', '--qtype', 'local', 'echo hi', '--memory', '4G'], /--memory comes after the command/],
    // durations and dates out of range: bad usage naming the range, not "internal error" (exit 1, "a job failed")
    [['wait', '--qtype', 'local', '--timeout', '9999999999d', '1'], /--timeout 9999999999d is longer than the longest wait pcluster takes \(365 days\)/],
    [['queue', '--qtype', 'local', '--since', '9999999999d'], /invalid value '9999999999d' for --since: that is before 1970[\s\S]*--all/],
    [['queue', '--qtype', 'local', '--since', '2026-02-31'], /invalid value '2026-02-31' for --since: no such date/],
    [['submit', '--qtype', 'sge', '--dry-run', '--begin', 'now+99999999999999weeks', 'true'], /--begin: more than 365 days ahead/],
    [['submit', '--qtype', 'local', '--begin', 'now+99999999999999weeks', 'true'], /--begin: more than 365 days ahead/],
    // a suffix with a path in it would put the job files outside filedir, out of clean's reach
    [['submit', '--qtype', 'local', '--filedir', 'jobs', '--suffix', '/../../x', 'true'], /--suffix: it is part of every job file's name[\s\S]*single dots/],
    [['submit', '--qtype', 'local', '--suffix', '..', 'true'], /--suffix/],
    [['profile', 'set', 'p', '--suffix', 'a/b'], /--suffix/],
    [[], /Usage: pcluster/],
    [['bogus'], /unknown command 'bogus'/],
  ]
  for (const [args, message] of cases) {
    it(args.join(' ').replace(/\n/g, '\\n'), async () => {
      const t = testEnv()
      const r = await cli(args, { env: t.env, cwd: t.dir })
      assert.equal(r.code, 2, r.stderr)
      assert.match(r.stderr, message)
      assert.doesNotMatch(r.stderr, /\ban? the\b/, 'an article before a title that has its own')
      assert.equal(r.stdout, '')
      assert.deepEqual(listing(t.dir), [])
    })
  }
})

describe('--dry-run', () => {
  it('a job name with / or .. names files inside filedir all the same (only a plain part of it is used)', async () => {
    const t = testEnv()
    const r = await cli(['submit', '--qtype', 'slurm', '--dry-run', '--json', '--name', '../../escape/..', 'true'], { env: t.env, cwd: t.dir })
    assert.equal(r.code, 0, r.stderr)
    const plan = JSON.parse(r.stdout) as { path: string }
    assert.equal(dirname(plan.path), t.dir)
    assert.match(basename(plan.path), /^escape_[^/]*\.cluster\.sbatch$/)
  })
  it('shows the names a submit would take now: the next free one, not an older job\'s', async () => {
    const t = testEnv()
    writeFileSync(join(t.dir, 'echo.cluster.sbatch'), '# an older job')
    writeFileSync(join(t.dir, 'echo_2.cluster.out'), 'older results')
    const r = await cli(['submit', '--qtype', 'slurm', '--dry-run', 'echo hi'], { env: t.env, cwd: t.dir })
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, new RegExp(`^# ${t.dir}/echo_3.cluster.sbatch \\(not written\\)$`, 'm'))
    assert.match(r.stdout, new RegExp(`^#SBATCH --output=${t.dir}/echo_3.cluster.out$`, 'm'))
    assert.deepEqual(listing(t.dir), ['echo.cluster.sbatch', 'echo_2.cluster.out'])
  })
  it('--json prints one object: backend, script, path, argv (null when none), files, notices', async () => {
    const t = testEnv()
    const r = await cli(['submit', '--qtype', 'slurm', '--dry-run', '--json', '--time', '0:30', '--outfile', 'logs/%x.%j.out', 'echo hi'], { env: t.env, cwd: t.dir })
    assert.equal(r.code, 0, r.stderr)
    const plan = JSON.parse(r.stdout) as Record<string, unknown>
    assert.deepEqual(Object.keys(plan), ['backend', 'script', 'path', 'argv', 'files', 'notices'])
    assert.equal(plan.backend, 'slurm')
    assert.equal(plan.path, join(t.dir, 'echo.cluster.sbatch'))
    assert.deepEqual(plan.argv, ['sbatch', '--parsable', join(t.dir, 'echo.cluster.sbatch')])
    assert.equal((plan.files as Record<string, string>).out, join(t.dir, 'logs', '%x.%j.out'))
    assert.match(plan.script as string, /^#SBATCH --output=.*\/logs\/%x\.%j\.out$/m)
    assert.deepEqual(plan.notices, ['Slurm counts time in whole minutes: --time 00:00:30 becomes 00:01:00 (1 minute)'])
    const local = await cli(['submit', '--qtype', 'local', '--dry-run', '--json', 'echo hi'], { env: t.env, cwd: t.dir })
    assert.equal(local.code, 0, local.stderr)
    assert.equal((JSON.parse(local.stdout) as { argv: unknown }).argv, null)
    assert.deepEqual(listing(t.dir), [])
  })
  it('says on stderr, never stdout, what Slurm reads differently (--time in whole minutes); --mem 0 is taken', async () => {
    const t = testEnv()
    const r = await cli(['submit', '--qtype', 'slurm', '--dry-run', '--time', '00:00:05', '--mem', '0', 'true'], { env: t.env, cwd: t.dir })
    assert.equal(r.code, 0, r.stderr)
    assert.equal(r.stderr, 'pcluster: note: Slurm counts time in whole minutes: --time 00:00:05 becomes 00:01:00 (1 minute)\n')
    assert.match(r.stdout, /^#SBATCH --time=00:00:05$/m)
    assert.match(r.stdout, /^#SBATCH --mem=0$/m)
    assert.doesNotMatch(r.stdout, /note/)
  })
  it('after --, a word that is a pcluster option belongs to the command; without --, other words do too', async () => {
    const t = testEnv()
    const dashed = await cli(['submit', '--qtype', 'slurm', '--dry-run', '--', 'grep', '--wait', 'x'], { env: t.env, cwd: t.dir })
    assert.equal(dashed.code, 0, dashed.stderr)
    assert.match(dashed.stdout, /^eval -- 'grep --wait x'$/m)
    const plain = await cli(['submit', '--qtype', 'slurm', '--dry-run', 'ls', '--color'], { env: t.env, cwd: t.dir })
    assert.equal(plain.code, 0, plain.stderr)
    assert.match(plain.stdout, /^eval -- 'ls --color'$/m)
  })
  it('prints the script and the exact sbatch command; writes nothing', async () => {
    const t = testEnv()
    mkdirSync(join(t.dir, 'sub dir'))
    const r = await cli(['submit', '--qtype', 'slurm', '--dry-run', '--cores', '2', '--memory', '1.5G', '--time', '1-12',
      '--partition', 'short', '--account', 'lab', '--features', 'avx2,ib', '--modules', 'gcc/12', '--modules', 'samtools',
      '--dir', 'sub dir', '--begin', 'now+1hour', '--export', 'ALL', '--nodes', '2', '--depends', '11,12',
      '--name', 'align "x"; $(y)', '--', 'printf', '%s\\n', "it's a \"test\" $HOME `x`"], { env: t.env, cwd: t.dir })
    assert.equal(r.code, 0, r.stderr)
    const golden = readFileSync(join(FIXTURES, 'slurm', 'scripts', 'dry-run.txt'), 'utf8')
    assert.equal(r.stdout.split(t.dir).join('{DIR}'), golden)
    assert.deepEqual(listing(t.dir), ['sub dir'])
  })
})

describe('pcluster options', () => {
  it('lists every keyword with synonyms, and filters by --qtype', async () => {
    const t = testEnv()
    const all = await cli(['options'], { env: t.env, cwd: t.dir })
    assert.equal(all.code, 0)
    for (const word of ['cores (synonyms: cpus)', 'mem (synonyms: memory)', 'partition (synonyms: queue)', 'depends (synonyms: depend, dependency, dependencies)', 'threads', 'begin'])
      assert.ok(all.stdout.includes(word), word)
    const local = await cli(['options', '--qtype', 'local'], { env: t.env, cwd: t.dir })
    assert.ok(local.stdout.includes('threads'))
    assert.ok(local.stdout.includes('begin')) // honoured: the local queue holds the job until then
    assert.ok(!local.stdout.includes('partition'))
    const slurm = await cli(['options', '--qtype', 'slurm'], { env: t.env, cwd: t.dir })
    assert.ok(slurm.stdout.includes('begin') && !slurm.stdout.includes('threads'))
  })
})

describe('pcluster profile', () => {
  it('set, list, show, delete round-trip through the INI file', async () => {
    const t = testEnv()
    const run = (args: string[]) => cli(['profile', ...args], { env: t.env, cwd: t.dir })
    assert.equal((await run(['set', 'big', '--cores', '8', '--mem', '16G', '--queue', 'long'])).code, 0)
    assert.equal(readFileSync(t.config, 'utf8'), '[prof_big]\ncores = 8\nmem = 16G\npartition = long\n')
    assert.match((await run(['list'])).stdout, /big: cores=8 mem=16G partition=long\ndefault/)
    assert.deepEqual(JSON.parse((await run(['show', 'big', '--json'])).stdout), { cores: '8', mem: '16G', partition: 'long' })
    const bad = await run(['set', 'big', '--mem', 'lots'])
    assert.equal(bad.code, 2)
    assert.equal((await run(['delete', 'big'])).code, 0)
    const gone = await run(['show', 'big'])
    assert.equal(gone.code, 2)
    assert.match(gone.stderr, /profiles: default/)
  })
})

describe('the front door', () => {
  it('--version prints the version alone', async () => {
    const t = testEnv()
    const r = await cli(['--version'], { env: t.env, cwd: t.dir })
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
    assert.equal(r.stdout, `${pkg.version}\n`)
  })
  it('every subcommand takes --qtype and --help', async () => {
    const t = testEnv()
    for (const sub of [['submit'], ['submit-file'], ['queue'], ['wait'], ['cancel'], ['clean'], ['local', 'status'], ['profile', 'list'], ['profile', 'set'], ['options']]) {
      const r = await cli([...sub, '--help'], { env: t.env, cwd: t.dir })
      assert.equal(r.code, 0, sub.join(' '))
      assert.match(r.stdout, /--qtype/, sub.join(' '))
    }
  })
})

describe('pcluster config', () => {
  it('get/set/delete one key or section of the same file the library writes; a bad [queue] value is not written', async () => {
    const t = testEnv()
    const run = (...args: string[]) => cli(['config', ...args], { env: t.env, cwd: t.dir })
    assert.equal((await run('set', 'queue', 'max_queue_len', '7')).code, 0)
    assert.deepEqual(await run('get', 'queue', 'max_queue_len'), { code: 0, stdout: '7\n', stderr: '' })
    const bad = await run('set', 'queue', 'poll_max', 'soon')
    assert.equal(bad.code, 2)
    assert.match(bad.stderr, /\[queue\] poll_max must be a whole number/)
    assert.equal((await run('get', 'queue', 'poll_max')).stdout, '30\n') // not written: the built-in default
    assert.equal((await run('set', 'prof_big', 'cpus', '8')).code, 0)
    assert.equal((await cli(['profile', 'show', 'big'], { env: t.env, cwd: t.dir })).stdout, '[prof_big]\ncores = 8\n')
    assert.equal((await run('set', 'prof_big', 'memory', 'lots')).code, 2)
    assert.deepEqual(JSON.parse((await run('get', 'queue', '--json')).stdout), { max_queue_len: '7' })
    assert.equal((await run('delete', 'queue')).code, 0)
    assert.equal((await run('get', 'queue')).code, 1)
  })
  it("set, delete and profile set/delete edit the file in place: every other line stays byte for byte", async () => {
    const t = testEnv()
    const run = (...args: string[]) => cli(args, { env: t.env, cwd: t.dir })
    const before = [
      '# my cluster settings', '', '[queue]', 'max_queue_len   =  1000   ; our admins ask for less', 'poll_max=30', '',
      '; big jobs', '[prof_big]', 'cpus=8', '   # 64G was too little once', 'memory  =  128G', '', '[theirs]', 'kept = as is', '',
    ].join('\n')
    writeFileSync(t.config, before)
    const lines = before.split('\n')
    const expect = (edit: (l: string[]) => void) => {
      edit(lines)
      assert.equal(readFileSync(t.config, 'utf8'), lines.join('\n'))
    }
    assert.equal((await run('config', 'set', 'queue', 'max_queue_len', '200')).code, 0)
    expect((l) => (l[3] = 'max_queue_len   =  200   ; our admins ask for less'))
    assert.equal((await run('config', 'set', 'jobs', 'keep_days', '3')).code, 0)
    expect((l) => l.splice(l.length - 1, 0, '', '[jobs]', 'keep_days = 3'))
    assert.equal((await run('profile', 'set', 'big', '--cores', '16', '--time', '2:00:00')).code, 0)
    expect((l) => { l[8] = 'cpus=16'; l.splice(11, 0, 'time = 2:00:00') })
    assert.equal((await run('config', 'delete', 'queue', 'poll_max')).code, 0)
    expect((l) => l.splice(4, 1))
    assert.equal((await run('config', 'delete', 'jobs')).code, 0)
    expect((l) => l.splice(l.length - 4, 3))
    assert.equal((await run('profile', 'delete', 'big')).code, 0)
    expect((l) => l.splice(6, 5))
    assert.equal(readFileSync(t.config, 'utf8'), '# my cluster settings\n\n[queue]\nmax_queue_len   =  200   ; our admins ask for less\n\n; big jobs\n\n[theirs]\nkept = as is\n')
  })
  it('an unknown section or key is refused with the nearest known one, and nothing is written', async () => {
    const t = testEnv()
    const text = '[queue]\n; ours\nmax_queue_len = 5\n'
    writeFileSync(t.config, text)
    const cases: [string[], RegExp][] = [
      [['queu', 'max_jobs', '3'], /unknown config section \[queu\]\n  hint: did you mean \[queue\]\? \(pcluster reads \[queue\], \[jobs\], .*\[local\].* and profiles, \[prof_NAME\]\)/],
      [['queue', 'max_job', '3'], /unknown key 'max_job' in config section \[queue\]\n  hint: did you mean 'max_jobs'\? \(\[queue\] has max_queue_len, max_jobs, poll_max, submit_timeout\)/],
      [['local', 'coress', '3'], /unknown key 'coress' in config section \[local\]\n  hint: did you mean 'cores'\?/],
      [['sge', 'pee', 'smp'], /unknown key 'pee' in config section \[sge\]\n  hint: did you mean 'pe'\?/],
      [['jobs', 'nodes', '/usr/bin/node'], /unknown key 'nodes' in config section \[jobs\]\n  hint: did you mean 'node'\?/],
      [['prof_big', 'coress', '3'], /unknown option 'coress'\n  hint: did you mean 'cores'\?/],
      [['whatever', 'x', '1'], /unknown config section \[whatever\]\n  hint: pcluster reads/],
    ]
    for (const [args, why] of cases) {
      const r = await cli(['config', 'set', ...args], { env: t.env, cwd: t.dir })
      assert.equal(r.code, 2, args.join(' '))
      assert.match(r.stderr, why)
      assert.equal(readFileSync(t.config, 'utf8'), text, args.join(' '))
    }
    for (const args of [['local', 'cores', '2'], ['sge', 'mem_resource', 'mem_free'], ['jobs', 'node', '/usr/bin/node'], ['queue', 'max_jobs', '9']])
      assert.equal((await cli(['config', 'set', ...args], { env: t.env, cwd: t.dir })).code, 0, args.join(' '))
  })
})
