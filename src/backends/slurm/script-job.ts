// For submit-file: the name and output files of a job submitted from a script as it is, read from the
// script's own #SBATCH lines as sbatch reads them, else sbatch's defaults (slurm-%j.out in the submit folder,
// stderr into the same file).
import { readFile } from 'node:fs/promises'
import { basename, resolve } from 'node:path'
import { expandPattern } from '../../core/outputpatterns.js'
import { currentUser } from '../../core/user.js'
import type { ScriptJob, SubmitRequest } from '../types.js'
import { lastValue, readScriptDirectives } from './script-directives.js'
import { optionArgv } from './submit.js'

export async function scriptJob(req: SubmitRequest, id: string): Promise<ScriptJob> {
  const text = await readFile(req.script, 'utf8').catch(() => '')
  // the options given on the command line after the script's own lines: the last of an option wins, as there
  const given = optionArgv(req.options)
  const ds = [...readScriptDirectives(text), ...(given.length ? readScriptDirectives(`#SBATCH ${given.map(quoted).join(' ')}\n`) : [])]
  const name = lastValue(ds, '--job-name') ?? basename(req.script)
  // relative output paths are the job's working directory's: --chdir, else where sbatch ran
  const workdir = resolve(req.cwd ?? process.cwd(), lastValue(ds, '--chdir') ?? '.')
  // %j, %x, %u and %% as sbatch fills them in; its other letters (%A, %N...) stay as written
  const at = (pattern: string) => resolve(workdir, expandPattern(pattern, { id, name, user: currentUser() }))
  const out = at(lastValue(ds, '--output') ?? 'slurm-%j.out')
  const err = lastValue(ds, '--error')
  return { name, out, err: err ? at(err) : out }
}

/** A word as a directive line reads it back whole. */
function quoted(word: string): string {
  return `"${word.replace(/[\\"]/g, '\\$&')}"`
}
