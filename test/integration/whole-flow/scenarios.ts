// The whole flow, one set of scenarios for every batch system pcluster can run for real here: the project's own
// test Slurm and test Grid Engine (each gated as before: test/integration/{slurm,sge}/gate.sh), and the Torque /
// PBS Pro simulator in its three flavours (test/simulators/pbs). The README's pipeline chained with
// --parsable/--depends, a failing first job ending `wait` on the last with its dependents never run, `queue
// --json` with true states and exit codes (a --time overrun and a cancel included), profiles reaching the
// script and the job, bad input refused with nothing submitted, and `clean` removing exactly what was written.
// What only one system has stays in its own folder (slurm/, sge/, pbs/ specific.test.ts).
// No timings: "at once" is counted in status polls (PCLUSTER_TRACE), never in milliseconds.
import assert from 'node:assert/strict'
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, it } from 'node:test'
import { bash, cli, eventually, HAVE_SLURM, NO_SLURM, suite, testEnv, type TestEnv } from '../../helpers.js'
import { simEnv, type SimFlavour } from '../../simulators/pbs/env.js'
import { HAVE_SGE, NO_SGE, sgeEnv } from '../sge/ours.js'

interface Target {
  /** What the describe blocks are called. */
  label: string
  qtype: 'slurm' | 'sge' | 'torque' | 'pbspro'
  skip: false | string
  /** A fresh test folder whose environment reaches this system (PCLUSTER_QTYPE set: no --qtype needed). */
  setup(): TestEnv
  /** Job scripts end in this. */
  ext: string
  /** One id as --parsable prints it. */
  id: RegExp
  /** A traced command that is one status poll of `wait` (one per poll whatever the number of jobs). */
  poll: RegExp
  /**
   * A --time the job overruns, and the exit code reported for the kill. Where the system signals the job's
   * processes one by one (Slurm), the batch shell may outlive its command by a moment and write the end record
   * with the command's 143 (SIGTERM) before its own signal arrives: `orRecord` allows that word too.
   */
  overrun: { time: string; exitCode: number | null; orRecord?: number }
  /** The exit code queue --json gives a cancelled job (sacct says 0:0 of one; the others say nothing). */
  cancelledExitCode: number | null
  /** `profile two` plus default --mem 200 and --time 5 on the command line: what the script says, what the job sees. */
  profile: { flags: string[]; script: RegExp[]; echo: string; out: string }
  /** Options the scheduler itself refuses, and its reason as pcluster words it. */
  refused: { args: string[]; message: RegExp }
  /**
   * Set where the system cannot tell how a job pcluster cancelled ended (it keeps no finished job and pcluster
   * records no cancels of its own there): the scenarios that need that word are skipped, saying so.
   */
  noCancelRecord?: string
}

const withQtype = (t: TestEnv, qtype: string, extra: NodeJS.ProcessEnv = {}): TestEnv =>
  ({ ...t, env: { ...t.env, ...extra, PCLUSTER_QTYPE: qtype } })

const SLURM: Target = {
  label: 'slurm', qtype: 'slurm', skip: !HAVE_SLURM && NO_SLURM, ext: 'sbatch', id: /^\d+$/, poll: / squeue /,
  setup: () => withQtype(testEnv(), 'slurm'),
  // Slurm counts whole minutes: a minute is the shortest limit there is
  overrun: { time: '1', exitCode: 0, orRecord: 143 }, cancelledExitCode: 0,
  profile: {
    flags: ['--cores', '2', '--time', '10', '--partition', 'short'],
    script: [/#SBATCH --cpus-per-task=2\n/, /#SBATCH --mem=200M\n/, /#SBATCH --time=00:05:00\n/, /#SBATCH --partition=short\n/],
    echo: 'echo "$SLURM_CPUS_PER_TASK $SLURM_JOB_PARTITION $SLURM_MEM_PER_NODE"', out: '2 short 200\n',
  },
  refused: { args: ['--partition', 'nosuch'], message: /^pcluster: sbatch refused the job: invalid partition specified: nosuch; Invalid partition name specified\n/ },
}

const SGE_ENV = sgeEnv()
const SGE: Target = {
  label: 'sge', qtype: 'sge', skip: !HAVE_SGE && NO_SGE, ext: 'sge', id: /^\d+$/, poll: / qstat -u /,
  setup: () => withQtype(testEnv(SGE_ENV), 'sge'),
  // h_rt kills with SIGKILL: exit_status 137 (failed 37)
  overrun: { time: '0:03', exitCode: 137 }, cancelledExitCode: null,
  profile: {
    flags: ['--cores', '2', '--time', '10', '--partition', 'all.q'],
    // --mem is per slot on Grid Engine: 200M over 2 slots; h_vmem is then the job's ulimit -v (KB, for both slots)
    script: [/#\$ -pe smp 2\n/, /#\$ -l h_vmem=100M\n/, /#\$ -l h_rt=0:05:00\n/, /#\$ -q all.q\n/],
    echo: 'echo "$NSLOTS $QUEUE $(ulimit -v)"', out: '2 all.q 204800\n',
  },
  refused: { args: ['--partition', 'nosuch.q'], message: /^pcluster: qsub refused the job: Job was rejected because job requests unknown queue "nosuch.q"\n/ },
}

function simulator(flavour: SimFlavour): Target {
  const qtype = flavour === 'pbspro' ? 'pbspro' : 'torque'
  return {
    label: `${flavour} simulator`, qtype, skip: false, ext: 'pbs', id: /^\d+\.simserver\.cluster$/, poll: / qstat /,
    setup: () => { const t = testEnv(); return { ...t, env: simEnv(t.dir, flavour, { ...t.env, PCLUSTER_QTYPE: qtype }) } },
    // the simulator's mom kills at the walltime; the server reports no exit code of the job's own
    overrun: { time: '00:00:01', exitCode: null }, cancelledExitCode: null,
    profile: {
      flags: ['--cores', '2', '--time', '10', '--partition', 'batch'],
      script: flavour === 'pbspro'
        ? [/#PBS -l select=1:ncpus=2:mem=200mb\n/, /#PBS -l walltime=0?0:05:00\n/, /#PBS -q batch\n/]
        : [/#PBS -l nodes=1:ppn=2\n/, /#PBS -l mem=200mb\n/, /#PBS -l walltime=0?0:05:00\n/, /#PBS -q batch\n/],
      echo: 'echo "$PBS_QUEUE"', out: 'batch\n',
    },
    refused: { args: ['--partition', 'nosuch'], message: /^pcluster: qsub refused the job: Unknown queue(: requested queue not found)?\n/ },
    ...(flavour === 'torque4' ? { noCancelRecord: 'Torque 4 keeps no finished job: a job killed at its walltime leaves no end record and no trace, so its end is unknown' } : {}),
  }
}

/** The systems the scenarios run on; each has a test file of its own (whole-flow/NAME.test.ts), so that each has
 * the runner's whole per-file time and a slow one cannot take the others down with it. */
const TARGETS = { slurm: () => SLURM, sge: () => SGE, torque6: () => simulator('torque6'), torque4: () => simulator('torque4'),
  pbspro: () => simulator('pbspro') } as const

/** Registers the whole flow's scenarios for one system. */
export function wholeFlow(name: keyof typeof TARGETS): void {
  registerFor(TARGETS[name]())
}

/** Every test's folder and ids: whatever a test left waiting (a --begin an hour away) is cancelled at the end. */
const left: { t: TestEnv; ids: string[] }[] = []
const track = (t: TestEnv, stdout: string, target: Target): string[] => {
  const ids = stdout.trim().split(/\s+/).filter((w) => target.id.test(w))
  left.push({ t, ids })
  return ids
}
after(async () => {
  await Promise.all(left.filter((l) => l.ids.length).map((l) => cli(['cancel', ...l.ids], { env: l.t.env, cwd: l.t.dir })))
})

/** The files a test folder holds besides pcluster's own state and the test's config. */
const files = (dir: string) => readdirSync(dir).filter((f) => !f.startsWith('.') && f !== 'config.ini').sort()

function registerFor(target: Target): void {
  const { skip } = target
  suite(`${target.label}: the whole flow`, { skip, concurrency: true }, () => {
    it('the README pipeline: three jobs chained with --parsable/--depends run in order', async () => {
      const t = target.setup()
      const r = await bash(`
        j1=$(pcluster submit --parsable 'sleep 2; echo one >> order.txt')
        j2=$(pcluster submit --parsable --depends "$j1" 'echo two >> order.txt')
        j3=$(pcluster submit --parsable --dependency "$j2" -- sh -c 'echo three >> order.txt')
        echo "$j1 $j2 $j3"
        pcluster wait --quiet "$j3"`, { env: t.env, cwd: t.dir })
      assert.equal(track(t, r.stdout, target).length, 3, r.stdout)
      assert.equal(r.code, 0, r.stderr)
      assert.equal(readFileSync(join(t.dir, 'order.txt'), 'utf8'), 'one\ntwo\nthree\n')
    })

    it('a failing first job: wait on the last returns 1 as soon as the chain is decided, its dependents never ran', async () => {
      const t = target.setup()
      const trace = join(t.dir, '.trace')
      const r = await bash(`
        j1=$(pcluster submit --parsable --name first 'exit 3')
        j2=$(pcluster submit --parsable --depends "$j1" 'echo ran > never.txt')
        j3=$(pcluster submit --parsable --depends "$j2" --name last 'echo ran >> never.txt')
        echo "$j1 $j2 $j3"
        PCLUSTER_TRACE=${trace} pcluster wait "$j1" "$j3" || echo "rc=$?"`, { env: t.env, cwd: t.dir })
      const [, j2] = track(t, r.stdout, target)
      assert.match(r.stdout, /rc=1/, r.stderr)
      assert.match(r.stderr, /job \S+ \(first\) failed with exit code 3/)
      assert.match(r.stderr, new RegExp(`job \\S+ \\(last\\) will never run: job ${j2!.replace(/\./g, '\\.')}, which it depends on, did not succeed`))
      assert.ok(!existsSync(join(t.dir, 'never.txt')), 'a dependent ran its command')
      // decided by what the jobs and the scheduler said, not by giving up: the messages above name the state each
      // ended in (giving up would have said `unknown`). The polls only guard against a wait that polls on without
      // deciding: each end record brings the next poll forward to 0.5 s, so their number follows how fast the
      // scheduler moves the chain along (Grid Engine took 9 to 12 on this machine, each job start paying for the
      // login shell's profile), not pcluster's patience
      const polls = readFileSync(trace, 'utf8').split('\n').filter((l) => target.poll.test(l)).length
      assert.ok(polls >= 1 && polls <= 20, `${polls} status polls`)
    })

    it('queue --json: true states and exit codes (done, failed, waiting, a --time overrun, a cancel)', { skip: target.noCancelRecord ?? false }, async () => {
      const t = target.setup()
      const r = await bash(`
        ok=$(pcluster submit --parsable --name ok true)
        bad=$(pcluster submit --parsable --name bad 'exit 4')
        later=$(pcluster submit --parsable --name later --begin now+1hour true)
        slow=$(pcluster submit --parsable --name slow --time ${target.overrun.time} 'sleep 300; echo not killed')
        gone=$(pcluster submit --parsable --name gone 'sleep 300')
        echo "$ok $bad $later $slow $gone"
        pcluster cancel "$gone" >&2
        pcluster wait "$ok" "$bad" "$slow" "$gone" || echo "rc=$?"`, { env: t.env, cwd: t.dir })
      const ids = track(t, r.stdout, target)
      assert.equal(ids.length, 5, r.stdout + r.stderr)
      const [ok, bad, later, slow, gone] = ids
      assert.match(r.stdout, /rc=1/, r.stderr)
      assert.match(r.stderr, new RegExp(`job ${gone!.replace(/\./g, '\\.')} \\(gone\\) was cancelled`))
      const q = await cli(['queue', '--json'], { env: t.env, cwd: t.dir })
      assert.equal(q.code, 0, q.stderr)
      const jobs = JSON.parse(q.stdout) as Record<string, unknown>[]
      for (const key of ['id', 'name', 'user', 'partition', 'state', 'rawState', 'reason', 'nodes', 'nodeCount', 'cores', 'exitCode'])
        assert.ok(key in jobs[0]!, key)
      const by = new Map(jobs.map((j) => [j.id, j]))
      if (target.overrun.orRecord !== undefined && by.get(slow)?.exitCode === target.overrun.orRecord)
        by.set(slow, { ...by.get(slow), exitCode: target.overrun.exitCode })
      assert.deepEqual([ok, bad, later, slow, gone].map((id) => [by.get(id)?.name, by.get(id)?.state, by.get(id)?.exitCode]), [
        ['ok', 'completed', 0], ['bad', 'failed', 4], ['later', 'pending', null],
        ['slow', 'timeout', target.overrun.exitCode], ['gone', 'cancelled', target.cancelledExitCode],
      ])
      assert.doesNotMatch(readFileSync(join(t.dir, 'slow.cluster.out'), 'utf8'), /not killed/)
      const pending = JSON.parse((await cli(['queue', '--json', '--state', 'pending'], { env: t.env, cwd: t.dir })).stdout) as { id: string; state: string }[]
      assert.ok(pending.some((j) => j.id === later) && pending.every((j) => j.state === 'pending'))
      assert.equal((await cli(['cancel', later!], { env: t.env, cwd: t.dir })).code, 0)
    })

    it('--wait exits with the job\'s own exit code', async () => {
      const t = target.setup()
      const r = await cli(['submit', '--parsable', '--wait', 'exit 7'], { env: t.env, cwd: t.dir })
      track(t, r.stdout, target)
      assert.equal(r.code, 7, r.stderr)
      assert.match(r.stdout.trim(), target.id)
    })

    it('a profile and flags land in the script and reach the job', async () => {
      const t = target.setup()
      const env = { env: t.env, cwd: t.dir }
      assert.equal((await cli(['profile', 'set', 'default', '--mem', '200'], env)).code, 0)
      assert.equal((await cli(['profile', 'set', 'two', ...target.profile.flags], env)).code, 0)
      const r = await cli(['submit', '--profile', 'two', '--json', '--wait', '--time', '5', target.profile.echo], env)
      assert.equal(r.code, 0, r.stderr)
      const job = JSON.parse(r.stdout) as { id: string; script: string; out: string }
      track(t, job.id, target)
      const script = readFileSync(job.script, 'utf8')
      for (const line of target.profile.script) assert.match(script, line) // --time 5 beat the profile's 10 minutes
      await eventually(() => (existsSync(job.out) ? true : undefined), 10_000, job.out)
      assert.equal(readFileSync(job.out, 'utf8'), target.profile.out)
    })

    it("every job sees pcluster's own variables, and a command of several lines byte for byte, whatever its lines look like", async () => {
      const t = target.setup()
      // lines a batch system could read as its directive, were they at the start of a line of the script
      const lines = '#$ -N renamed\n#$ -o /dev/null\n#PBS -N renamed\n#SBATCH -J renamed\n  #PBS -o /dev/null\n| kept\n'
      const command = `echo "$PCLUSTER_JOB_ID $PCLUSTER_CORES $PCLUSTER_QTYPE"\ncat <<'EOF'\n${lines}EOF`
      const r = await cli(['submit', '--json', '--wait', '--cores', '2', '--name', 'own', command], { env: t.env, cwd: t.dir })
      assert.equal(r.code, 0, r.stderr)
      const job = JSON.parse(r.stdout) as { id: string; name: string; out: string }
      track(t, job.id, target)
      await eventually(() => (existsSync(job.out) ? true : undefined), 10_000, job.out)
      assert.equal(readFileSync(job.out, 'utf8'), `${job.id} 2 ${target.qtype}\n${lines}`)
    })

    it('bad input is refused with nothing written or submitted; a scheduler\'s refusal comes in one line, exit 1', async () => {
      const t = target.setup()
      const name = `refused_${process.pid}_${target.qtype}`
      const usage = [
        [['--cores', 'lots'], /invalid value "lots" for --cores/],
        [['--memry', '4G'], /unknown option '--memry'\n\(Did you mean --mem\?\)/],
        [['--depends', 'not-an-id'], /invalid job id 'not-an-id' for --depends/],
      ] as const
      for (const [args, message] of usage) {
        const u = await cli(['submit', '--name', name, ...args, 'true'], { env: t.env, cwd: t.dir })
        assert.equal(u.code, 2, `${args.join(' ')}: ${u.stderr}`)
        assert.match(u.stderr, message)
      }
      const s = await cli(['submit', '--name', name, ...target.refused.args, 'true'], { env: t.env, cwd: t.dir })
      assert.equal(s.code, 1, s.stderr)
      assert.match(s.stderr, target.refused.message)
      assert.deepEqual(files(t.dir), [])
      // and the scheduler has no job of that name
      const q = JSON.parse((await cli(['queue', '--json'], { env: t.env, cwd: t.dir })).stdout) as { name: string }[]
      assert.deepEqual(q.filter((j) => j.name === name), [])
    })

    it('clean removes exactly what pcluster wrote, and keeps the files of a live job until it has left', async () => {
      const t = target.setup()
      writeFileSync(join(t.dir, 'results.cluster.out'), 'precious, not pcluster\'s')
      writeFileSync(join(t.dir, 'notes.txt'), 'mine')
      const r = await bash(`
        a=$(pcluster submit --parsable --name results 'echo done')
        b=$(pcluster submit --parsable --name live --begin now+1hour 'true')
        echo "$a $b"
        pcluster wait --quiet "$a"`, { env: t.env, cwd: t.dir })
      const [, b] = track(t, r.stdout, target)
      assert.equal(r.code, 0, r.stderr)
      const out = join(t.dir, 'results_2.cluster.out') // the user's results.cluster.out was not reused
      await eventually(() => (existsSync(out) ? true : undefined), 10_000, out)
      assert.equal(readFileSync(out, 'utf8'), 'done\n')
      const refused = await cli(['clean'], { env: t.env, cwd: t.dir })
      assert.equal(refused.code, 2)
      assert.match(refused.stderr, /without --yes/)
      const dry = await cli(['clean', '--dry-run'], { env: t.env, cwd: t.dir })
      assert.equal(dry.stdout, ['script', 'out', 'err', 'end'].map((f) => `results_2.cluster.${f === 'script' ? target.ext : f}\n`).join(''))
      const done = await cli(['clean', '--yes'], { env: t.env, cwd: t.dir })
      assert.equal(done.code, 0, done.stderr)
      assert.match(done.stderr, new RegExp(`keeping the files of job ${b!.replace(/\./g, '\\.')} \\(live\\): job \\S+ is pending`))
      assert.deepEqual(files(t.dir), [`live.cluster.${target.ext}`, 'notes.txt', 'results.cluster.out'])
      assert.equal(readFileSync(join(t.dir, 'results.cluster.out'), 'utf8'), 'precious, not pcluster\'s')
      assert.equal((await cli(['cancel', b!], { env: t.env, cwd: t.dir })).code, 0)
      await eventually(async () => {
        const c = await cli(['clean', '--yes'], { env: t.env, cwd: t.dir })
        return c.stderr.includes('deleted 1 file of') ? true : undefined
      }, 30_000, `job ${b} to leave the queue`)
      assert.deepEqual(files(t.dir), ['notes.txt', 'results.cluster.out'])
      assert.ok(!existsSync(join(t.dir, '.pcluster-manifest.jsonl')), 'the emptied manifest is gone too')
    })
  })
}
