// Dependency kinds with the same meaning on every backend that runs here: the local queue, the project's own
// test Slurm and Grid Engine (gated as in test/integration/{slurm,sge}/gate.sh), and the Torque / PBS Pro
// simulator. afterany runs after a failure; afternotok runs only after one, and after a success will never
// run (said as such); singleton waits for the other job of the same name. Ordering, never timings: the
// singleton's start is compared with its namesake's end through files the jobs write.
import assert from 'node:assert/strict'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, it } from 'node:test'
import { bash, HAVE_SLURM, NO_SLURM, suite, testEnv, type TestEnv } from '../helpers.js'
import { simEnv } from '../simulators/pbs/env.js'
import { stopAfterwards } from './local/env.js'
import { HAVE_SGE, NO_SGE, sgeEnv } from './sge/ours.js'

interface Target { label: string; skip: false | string; setup(): TestEnv }

const withQtype = (t: TestEnv, qtype: string, extra: NodeJS.ProcessEnv = {}): TestEnv =>
  ({ ...t, env: { ...t.env, ...extra, PCLUSTER_QTYPE: qtype } })

const TARGETS: Target[] = [
  { label: 'local', skip: false, setup: () => {
    const t = stopAfterwards(withQtype(testEnv(), 'local'))
    writeFileSync(t.config, '[local]\ncores = 2\nidle = 5\n')
    return t
  } },
  { label: 'slurm', skip: !HAVE_SLURM && NO_SLURM, setup: () => withQtype(testEnv(), 'slurm') },
  { label: 'sge', skip: !HAVE_SGE && NO_SGE, setup: () => withQtype(testEnv(sgeEnv()), 'sge') },
  ...(['torque6', 'pbspro'] as const).map((flavour) => ({ label: flavour, skip: false as const, setup: () => {
    const t = testEnv()
    return { ...t, env: simEnv(t.dir, flavour, { ...t.env, PCLUSTER_QTYPE: flavour === 'pbspro' ? 'pbspro' : 'torque' }) }
  } })),
]

/** Every id a test printed, to cancel whatever is left when the file ends (a real scheduler's queue is shared). */
const left: { t: TestEnv; ids: string[] }[] = []
after(async () => {
  for (const { t, ids } of left) if (ids.length) await bash(`pcluster cancel ${ids.join(' ')} >/dev/null 2>&1 || true`, { env: t.env, cwd: t.dir })
})

for (const target of TARGETS) {
  suite(`${target.label}: dependency kinds`, { skip: target.skip }, () => {
    it('afterany runs after a failure, afternotok only after one; afternotok after a success will never run', async () => {
      const t = target.setup()
      const r = await bash(`
        a=$(pcluster submit --parsable --name bad 'exit 3')
        g=$(pcluster submit --parsable --name good 'true')
        b=$(pcluster submit --parsable --depends "afterany:$a" 'echo any > any.txt')
        c=$(pcluster submit --parsable --depends "afternotok:$a" 'echo notok > notok.txt')
        d=$(pcluster submit --parsable --depends "afternotok:$g,afterany:$a" 'echo never > never.txt')
        echo "$a $g $b $c $d"
        pcluster wait --json "$b" "$c" "$d" > states.json`, { env: t.env, cwd: t.dir })
      const [, g, b, c, d] = r.stdout.trim().split(/\s+/)
      left.push({ t, ids: r.stdout.trim().split(/\s+/) })
      assert.equal(r.code, 1, r.stderr) // d will never run
      const states = JSON.parse(readFileSync(join(t.dir, 'states.json'), 'utf8')) as { id: string; state: string; blockedBy?: string }[]
      assert.deepEqual(states.map((s) => s.state), ['completed', 'completed', 'dependency_never_satisfied'])
      assert.deepEqual([states[0]!.id, states[1]!.id, states[2]!.id], [b, c, d])
      assert.equal(states[2]!.blockedBy, g)
      assert.match(r.stderr, new RegExp(`job ${d!.replace(/\./g, '\\.')} \\(echo\\) will never run: job ${g!.replace(/\./g, '\\.')} succeeded, and it was to run only after a failure \\(afternotok\\)`))
      assert.equal(readFileSync(join(t.dir, 'any.txt'), 'utf8'), 'any\n')
      assert.equal(readFileSync(join(t.dir, 'notok.txt'), 'utf8'), 'notok\n')
      assert.ok(!existsSync(join(t.dir, 'never.txt')), 'the afternotok job after a success did not run')
    })

    it('singleton: the second job of a name starts after the first ended', async () => {
      const t = target.setup()
      const r = await bash(`
        s1=$(pcluster submit --parsable --name solo 'sleep 3; echo first > order.txt')
        s2=$(pcluster submit --parsable --name solo --depends singleton 'echo second >> order.txt')
        echo "$s1 $s2"
        pcluster wait --quiet "$s1" "$s2"`, { env: t.env, cwd: t.dir })
      left.push({ t, ids: r.stdout.trim().split(/\s+/) })
      assert.equal(r.code, 0, r.stderr)
      // had the second started before the first ended, the first's > would have overwritten its line
      assert.equal(readFileSync(join(t.dir, 'order.txt'), 'utf8'), 'first\nsecond\n')
    })
  })
}
