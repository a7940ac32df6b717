// The Slurm tests cancel jobs and restart the controller, so they may only ever meet the project's own test
// Slurm: recognising it (ours.sh), and skipping, not touching, a Slurm that answers but is someone else's.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { FIXTURES, OURS_SH, ROOT, testEnv } from '../../helpers.js'

// Recorded with `scontrol show config`: the Slurm an older start-slurm.sh left in /etc/slurm (cluster
// pctest, default ports), which is any site's Slurm as far as the tests go; and the project's own.
const FOREIGN = join(FIXTURES, 'slurm', 'scontrol-show-config-foreign.txt')
const OURS = join(FIXTURES, 'slurm', 'scontrol-show-config-ours.txt')
const TOKEN = 'Abcdefghij0123456789'

function markedConf(token = TOKEN, markerToken: string | null = TOKEN) {
  const t = testEnv()
  const conf = join(t.dir, 'slurm.conf')
  const marker = join(t.dir, 'marker')
  writeFileSync(conf, `# pcluster-test-slurm token=${token}\nClusterName=pclustertest\n`)
  if (markerToken !== null) writeFileSync(marker, `# a comment\ntoken=${markerToken}\n`)
  return { conf, marker }
}

const recognise = (out: string, files: { conf: string; marker: string }) =>
  spawnSync('bash', [OURS_SH, 'recognise', out, files.conf, files.marker], { encoding: 'utf8' })

describe("recognising the project's test Slurm", () => {
  it('a controller with its cluster name, port, config and pid file, and our token in that config, is ours', () => {
    const r = recognise(OURS, markedConf())
    assert.equal(r.status, 0, r.stderr)
    assert.equal(r.stderr, '')
  })
  it("any other controller is not, and the reason names what it reported", () => {
    const r = recognise(FOREIGN, markedConf())
    assert.equal(r.status, 1)
    assert.match(r.stderr, /reports ClusterName=pctest SlurmctldPort=6817 SLURM_CONF=\/etc\/slurm\/slurm.conf/)
  })
  it('nor is a config without our marker, or with another token', () => {
    const missing = recognise(OURS, markedConf(TOKEN, null))
    assert.equal(missing.status, 1)
    assert.match(missing.stderr, /no marker/)
    const other = recognise(OURS, markedConf(TOKEN, 'Zyxwvutsrq9876543210'))
    assert.equal(other.status, 1)
    assert.match(other.stderr, /does not carry the token/)
  })
})

/**
 * A PATH where Slurm answers as a foreign cluster (the recorded foreign config), the user is not root, and
 * every command that could start, stop or cancel something only writes its name to a log.
 */
function foreignSlurmHere() {
  const t = testEnv()
  const bin = join(t.dir, 'bin')
  const log = join(t.dir, 'touched.log')
  mkdirSync(bin)
  const put = (name: string, body: string) => writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 })
  put('scontrol', `[ "$1 $2" = "show config" ] && exec cat '${FOREIGN}'; echo "scontrol $*" >> '${log}'; exit 1`)
  put('sinfo', `echo idle`)
  put('id', `[ "$1" = -u ] && echo 1000 || echo 'uid=1000(user) gid=1000(user)'`)
  // stand-ins that only log their name: the gate must call none of them (nothing is stopped, started or
  // cancelled, by name or otherwise), so each is a tripwire, not a tool
  for (const name of ['pkill', 'killall', 'slurmctld', 'slurmd', 'slurmdbd', 'scancel', 'sbatch', 'apt-get', 'munged',
    'mariadbd', 'mariadb', 'su', 'systemctl', 'service'])
    put(name, `echo "${name} $*" >> '${log}'`)
  const env: NodeJS.ProcessEnv = { ...t.env, PATH: `${bin}:${process.env.PATH ?? ''}`, PCLUSTER_TEST_SLURM: '1' }
  delete env.SLURM_CONF // the site's Slurm answers at its default config
  delete env.CI
  const touched = () => (existsSync(log) ? readFileSync(log, 'utf8') : '')
  return { env, touched }
}

const gate = (env: NodeJS.ProcessEnv) => spawnSync('bash', ['-c',
  'set -euo pipefail; . test/integration/slurm/gate.sh; echo "PCLUSTER_TEST_SLURM=${PCLUSTER_TEST_SLURM:-}"'],
  { cwd: ROOT, env, encoding: 'utf8' })

describe('with a Slurm here that is not the project\'s', () => {
  it('test/run.sh skips the Slurm tests with a notice saying why, and touches nothing', () => {
    const f = foreignSlurmHere()
    const r = gate(f.env)
    assert.equal(r.status, 0, r.stderr)
    assert.equal(r.stdout, 'PCLUSTER_TEST_SLURM=\n') // cleared, though the caller had set it
    assert.match(r.stderr, /a Slurm answers here .* but it is not the project's test Slurm/)
    assert.match(r.stderr, /the Slurm tests are skipped: they run only against the project's own test Slurm/)
    assert.equal(f.touched(), '')
  })
  it('as root too: no second Slurm is installed or started beside a site\'s unless asked', () => {
    const f = foreignSlurmHere()
    writeFileSync(join(f.env.PATH!.split(':')[0]!, 'id'), '#!/bin/sh\necho 0\n', { mode: 0o755 })
    const r = gate(f.env)
    assert.equal(r.status, 0, r.stderr)
    assert.equal(r.stdout, 'PCLUSTER_TEST_SLURM=\n')
    assert.match(r.stderr, /another Slurm answers here: not starting the project's test Slurm beside it/)
    assert.equal(f.touched(), '')
  })
  it('under CI=true that is fatal instead, still touching nothing', () => {
    const f = foreignSlurmHere()
    const r = gate({ ...f.env, CI: 'true' })
    assert.equal(r.status, 1)
    assert.match(r.stderr, /could not be started; its integration tests cannot run/)
    assert.equal(f.touched(), '')
  })
  it('stopping the controller is refused: it is not ours', () => {
    const f = foreignSlurmHere()
    const pidFile = '/run/pcluster-test-slurm/slurmctld.pid' // our own, if it runs here, must live on too
    const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : 0
    const r = spawnSync('bash', [OURS_SH, 'stop-controller'], { env: f.env, encoding: 'utf8' })
    assert.equal(r.status, 1)
    assert.match(r.stderr, /not stopping any slurmctld/)
    assert.equal(f.touched(), '')
    // alive: signal 0 reaches it, or is refused only because it is root's and we are not (EPERM)
    if (pid) assert.doesNotThrow(() => { try { process.kill(pid, 0) } catch (e) { if ((e as NodeJS.ErrnoException).code !== 'EPERM') throw e } })
  })
})
