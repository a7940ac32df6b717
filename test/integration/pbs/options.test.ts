// The HPC keywords (issue 14) on the Torque / PBS Pro simulator: a job submitted with --hold stays held until
// `pcluster release`, then runs; the other qsub options the scripts write are read back as the server keeps
// them (qstat's Rerunable, Mail_Points, Mail_Users, Priority); release of an unknown id is exit 1.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { cli, eventually, testEnv } from '../../helpers.js'
import { simEnv, type SimFlavour } from '../../simulators/pbs/env.js'

function setup(flavour: SimFlavour, qtype: string) {
  const t = testEnv()
  return { ...t, env: simEnv(t.dir, flavour, { ...t.env, PCLUSTER_QTYPE: qtype }) }
}

type Row = { id: string; state: string }
const stateOf = async (t: ReturnType<typeof setup>, id: string) =>
  (JSON.parse((await cli(['queue', '--json'], { env: t.env, cwd: t.dir })).stdout) as Row[]).find((j) => j.id === id)?.state

for (const [flavour, qtype] of [['torque6', 'torque'], ['pbspro', 'pbspro']] as const) {
  describe(`${flavour} simulator: --hold and pcluster release`, () => {
    it('a held job does not start; released, it runs to completion', async () => {
      const t = setup(flavour, qtype)
      const r = await cli(['submit', '--parsable', '--hold', '--requeue', '--mail', 'begin,end', '--mail-user', 'me@example.org', '--nice', '5',
        'echo ran > ran.txt'], { env: t.env, cwd: t.dir })
      assert.equal(r.code, 0, r.stderr)
      const id = r.stdout.trim()
      assert.equal(await stateOf(t, id), 'held')
      // the options as the server keeps them
      const shown = execFileSync('qstat', flavour === 'pbspro' ? ['-f', '-F', 'json', '-x', id] : ['-f', '-x', id], { env: t.env, cwd: t.dir, encoding: 'utf8' })
      for (const want of flavour === 'pbspro'
        ? ['"Hold_Types":"u"', '"Rerunable":"True"', '"Mail_Points":"be"', '"Mail_Users":"me@example.org"', '"Priority":-5']
        : ['<Hold_Types>u</Hold_Types>', '<Rerunable>True</Rerunable>', '<Mail_Points>be</Mail_Points>', '<Mail_Users>me@example.org</Mail_Users>', '<Priority>-5</Priority>'])
        assert.ok(shown.replace(/\s/g, '').includes(want.replace(/\s/g, '')), `${want} in ${shown}`)
      assert.ok(!existsSync(join(t.dir, 'ran.txt')))
      const rel = await cli(['release', id], { env: t.env, cwd: t.dir })
      assert.equal(rel.code, 0, rel.stderr)
      assert.match(rel.stderr, new RegExp(`released 1 job \\(${qtype}\\): ${id.replace(/\./g, '\\.')}`))
      const w = await cli(['wait', id], { env: t.env, cwd: t.dir })
      assert.equal(w.code, 0, w.stderr)
      assert.ok(existsSync(join(t.dir, 'ran.txt')))
    })
    it('release of an id the server does not know: exit 1, naming it', async () => {
      const t = setup(flavour, qtype)
      const r = await cli(['release', '--qtype', qtype, '999.simserver.cluster'], { env: t.env, cwd: t.dir })
      assert.equal(r.code, 1, r.stderr)
      assert.match(r.stderr, /has no job 999\.simserver\.cluster/)
    })
  })
}

describe('torque6 simulator: the node request the server takes', () => {
  it('--tasks, --gpus and --exclusive: nodes=N:ppn=P:gpus=G and -n, accepted and run', async () => {
    const t = setup('torque6', 'torque')
    const r = await cli(['submit', '--parsable', '--wait', '--nodes', '2', '--tasks', '4', '--cores', '2', '--gpus', '2', '--exclusive', 'true'], { env: t.env, cwd: t.dir })
    assert.equal(r.code, 0, r.stderr)
    await eventually(async () => ((await stateOf(t, r.stdout.trim())) === 'completed' ? true : undefined), 15_000, 'completed')
  })
})
