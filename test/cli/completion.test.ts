// Shell completion, tried in the real shells: a Tab is simulated in Debian's bash, zsh and fish with the scripts
// in completions/ (which must be what `pcluster completion SHELL` prints), after a profile was set and a job
// submitted on the local queue, so the profile names and the job id come from the files pcluster keeps.
// bash, zsh and fish are installed by test/cli/shells.sh when missing (Debian, as root); elsewhere the shell
// tests are skipped with its notice, and under CI=true they fail.
import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { before, describe, it } from 'node:test'
import { BACKEND_NAMES } from '../../src/backends/index.js'
import { MAIL_TYPES } from '../../src/core/options.js'
import { JOB_STATES } from '../../src/core/states.js'
import { cli, ROOT, suite } from '../helpers.js'
import { localEnv } from '../integration/local/env.js'

const FILES = { bash: 'pcluster.bash', zsh: '_pcluster', fish: 'pcluster.fish' } as const
type Shell = keyof typeof FILES

/** Why the shells cannot be had here (shells.sh's one line), or undefined when all three are there. */
function shellsMissing(): string | undefined {
  const r = spawnSync('bash', [join(ROOT, 'test', 'cli', 'shells.sh')], { encoding: 'utf8' })
  if (r.status === 0) return undefined
  const why = r.stderr.trim() || `shells.sh exited ${r.status}`
  if (process.env.CI === 'true') throw new Error(`the completion tests need bash, zsh and fish: ${why}`)
  return why
}

describe('pcluster completion: the committed scripts are the generated ones', () => {
  for (const shell of Object.keys(FILES) as Shell[]) {
    it(`completions/${FILES[shell]} is what pcluster completion ${shell} prints`, async () => {
      const t = localEnv()
      const r = await cli(['completion', shell], { env: t.env, cwd: t.dir })
      assert.equal(r.code, 0, r.stderr)
      assert.equal(readFileSync(join(ROOT, 'completions', FILES[shell]), 'utf8'), r.stdout,
        `completions/${FILES[shell]} differs: run pcluster completion ${shell} > completions/${FILES[shell]}`)
    })
  }

  it('an unknown shell is a usage error naming the three', async () => {
    const t = localEnv()
    const r = await cli(['completion', 'tcsh'], { env: t.env, cwd: t.dir })
    assert.equal(r.code, 2)
    assert.match(r.stderr, /bash, zsh, fish/)
  })
})

const missing = shellsMissing()

suite('pcluster completion: a Tab in bash, zsh and fish', { skip: missing }, () => {
  const t = localEnv()
  let id = ''
  /** A `pcluster` and a `node` on PATH that leave a mark when run: a Tab must start neither. */
  const trap = join(t.dir, 'trap')
  const ran = join(t.dir, 'node-ran')
  const env = () => ({ ...t.env, PATH: `${trap}:${process.env.PATH}`, HOME: t.dir })

  before(async () => {
    const set = await cli(['profile', 'set', 'large', '--cores', '4'], { env: t.env, cwd: t.dir })
    assert.equal(set.code, 0, set.stderr)
    const sub = await cli(['submit', '--parsable', 'true'], { env: t.env, cwd: t.dir })
    assert.equal(sub.code, 0, sub.stderr)
    id = sub.stdout.trim()
    mkdirSync(trap)
    for (const name of ['pcluster', 'node']) writeFileSync(join(trap, name), `#!/bin/sh\ntouch '${ran}'\n`, { mode: 0o755 })
  })

  /** The words a shell offers at the end of each line (zsh: all typed in one session, as compinit is slow). */
  function tabs(shell: Shell, lines: readonly string[]): Map<string, string[]> {
    const script = join(ROOT, 'completions', FILES[shell])
    const words = (text: string) => [...new Set(text.split('\n').filter(Boolean))].sort()
    if (shell === 'zsh') {
      // zsh finds _pcluster by its file name in a folder of $fpath, as a user installs it
      const folder = mkdtempSync(join(t.dir, 'fpath-'))
      writeFileSync(join(folder, '_pcluster'), readFileSync(script))
      const out = join(folder, 'offered')
      execFileSync('timeout', ['120', 'zsh', '-f', join(ROOT, 'test', 'cli', 'zsh-tab.zsh'), folder, out, ...lines], { env: env(), encoding: 'utf8' })
      const each = readFileSync(out, 'utf8').split(/^--\n/m)
      assert.equal(each.length, lines.length + 1, `zsh answered ${each.length - 1} of ${lines.length} lines`)
      return new Map(lines.map((l, i) => [l, words(each[i]!)]))
    }
    return new Map(lines.map((line) => {
      if (shell === 'bash')
        return [line, words(execFileSync('bash', ['--norc', join(ROOT, 'test', 'cli', 'bash-tab.sh'), script, line], { env: env(), encoding: 'utf8' }))]
      // fish prints each word, then a tab and its help
      const text = execFileSync('fish', ['--no-config', '-c', 'source $argv[1]; complete -C $argv[2]', script, line], { env: env(), encoding: 'utf8' })
      return [line, words(text.split('\n').map((l) => l.split('\t')[0]).join('\n'))]
    }))
  }

  const sorted = (xs: readonly string[]) => [...xs].sort()

  /** Each line typed, and what a Tab at its end must offer (a function: the job id is known once submitted). */
  const EXPECT: [line: string, words: () => readonly string[] | ((w: string[]) => boolean)][] = [
    ['pcluster su', () => ['submit', 'submit-file']],
    ['pcluster ', () => (w) => w.includes('completion') && w.includes('queue')],
    ['pcluster profile ', () => ['delete', 'help', 'list', 'set', 'show']],
    ['pcluster queue --st', () => ['--state']],
    ['pcluster queue --state ', () => sorted(JOB_STATES)],
    ['pcluster submit --qtype ', () => sorted(BACKEND_NAMES)],
    ['pcluster submit --mail ', () => sorted(MAIL_TYPES)],
    ['pcluster queue --user ', () => (w) => w.includes('self') && w.includes('all')],
    // profile names, not subcommand words, wherever a profile is named
    ['pcluster profile show ', () => ['default', 'large']],
    ['pcluster submit --profile l', () => ['large']],
    ['pcluster config get ', () => ['jobs', 'local', 'prof_default', 'prof_large', 'queue', 'sge']],
    ['pcluster config set queue ', () => ['max_jobs', 'max_queue_len', 'poll_max', 'submit_timeout']],
    ['pcluster config set prof_large me', () => ['mem', 'mem-per-cpu']],
    // the job just submitted, for wait, cancel and release
    ['pcluster wait ', () => [id]],
    ['pcluster cancel ', () => [id]],
    ['pcluster release ', () => [id]],
    ['pcluster output ', () => [id]],
    ['pcluster output --e', () => ['--err']],
    ['pcluster config show --o', () => ['--origin']],
  ]

  for (const shell of Object.keys(FILES) as Shell[]) {
    it(`${shell}: subcommands, a flag, flag values, profile names, config sections and keys, job ids`, () => {
      const offered = tabs(shell, EXPECT.map(([line]) => line))
      for (const [line, expected] of EXPECT) {
        const want = expected()
        if (typeof want === 'function') assert.ok(want(offered.get(line)!), `${line}<TAB> offered ${offered.get(line)!.join(' ')}`)
        else assert.deepEqual(offered.get(line), want, `${line}<TAB>`)
      }
      assert.equal(existsSync(ran), false, 'a Tab started pcluster or node')
    })
  }

  it('a profile deleted with config delete is no longer offered', async () => {
    const r = await cli(['config', 'delete', 'prof_large'], { env: t.env, cwd: t.dir })
    assert.equal(r.code, 0, r.stderr)
    assert.deepEqual(tabs('bash', ['pcluster profile show ']).get('pcluster profile show '), ['default'])
  })
})
