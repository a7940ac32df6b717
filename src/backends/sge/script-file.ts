// submit-file on Grid Engine: a user's own script, run as it is, after the afterok guard. The guard cannot go
// inside a script pcluster did not write, and -hold_jid alone runs a dependent of a failed job (notes "More
// facts" 1). So pcluster submits a small wrapper instead: the script's own `#$` lines at its top (qsub reads them
// there as it would have read them in the script), then the guard, then the script itself, carried inside the
// wrapper in base64 (SGE spools what it is given at submit, so the job runs the script as it was then, as qsub
// alone would; base64 has no line qsub could take for a directive), run with the script's own `-S` shell, else
// /bin/sh (what a queue's default posix_compliant start mode runs), with its arguments. The wrapper then writes
// the job's end record, so a submit-file job has one like any other: its own dependents get afterok from it, and
// `wait` has its exit code before accounting does. The wrapper file is named as the script (SGE names the job
// after it) and lives only until qsub has spooled it.
import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { basename, resolve } from 'node:path'
import { readFileSync, statSync } from 'node:fs'
import { END_RECORD_LINES, identityLine, START_LINE } from '../../core/jobscript.js'
import { shellQuote } from '../../core/exec.js'
import type { JobOptions } from '../../core/options.js'
import { currentUser } from '../../core/user.js'
import type { ScriptJob, SubmitRequest } from '../types.js'
import { currentSettings } from './config.js'
import { renderDirectives } from './directives.js'
import { GUARD, IDENTITY, sgeOutputPath } from './script.js'

/** A script's `#$` lines as qsub reads them: at the top, among comments and blank lines, before the first command. */
export function directiveLines(text: string): string[] {
  const lines: string[] = []
  for (const line of text.split('\n')) {
    if (line.startsWith('#$')) lines.push(line)
    else if (line.trim() && !line.trim().startsWith('#')) break
  }
  return lines
}

/** The options of `#$` lines, split into words as qsub splits them (double quotes group). */
export function directiveWords(lines: readonly string[]): string[] {
  const out: string[] = []
  for (const line of lines) for (const m of line.slice(2).matchAll(/"([^"]*)"|(\S+)/g)) out.push(m[1] ?? m[2]!)
  return out
}

/** The last value given to an option (`-o path`), or undefined; `has` for flags (`-cwd`). */
function last(words: readonly string[], option: string): string | undefined {
  let v: string | undefined
  words.forEach((w, i) => { if (w === option && i + 1 < words.length) v = words[i + 1] })
  return v
}

/**
 * The options given with a script as qsub command-line words, which override the script's own `#$` lines
 * (qsub(1): "options on the command line take precedence over those in the script"). No -cwd: where the job
 * runs is the script's to say unless --dir is given. %j, %x and %u in --outfile/--errfile as for any job.
 */
export function optionWords(options: JobOptions | undefined, script: string, text?: string): string[] {
  if (!options || !Object.keys(options).length) return []
  const name = options.name ?? last(directiveWords(directiveLines(text ?? readScript(script))), '-N') ?? basename(script)
  const path = (p: string | undefined) => (p === undefined ? undefined : sgeOutputPath(p, name, currentUser()))
  const o = { ...options, outfile: path(options.outfile), errfile: path(options.errfile) }
  return directiveWords(renderDirectives(o, currentSettings()).filter((l) => l !== '#$ -cwd'))
}

function readScript(path: string): string {
  try { return readFileSync(path, 'latin1') } catch { return '' }
}

/** Where pcluster's end record of a submit-file job goes: beside the script's submit folder, carrying the id. */
export function scriptEndRecord(cwd: string, script: string, id: string): string {
  return resolve(cwd, `${basename(script)}.${id}.pcluster.end`)
}

/** The wrapper's text for a script (its bytes as they are now). */
export function renderWrapper(script: string, content: Buffer, cwd: string): string {
  const text = content.toString('latin1')
  const own = directiveLines(text)
  const shell = last(directiveWords(own), '-S') ?? '/bin/sh'
  const end = scriptEndRecord(cwd, script, '@ID@').split('@ID@')
  return [
    '#!/bin/bash',
    ...own,
    `# written by pcluster: runs ${script.replace(/\n/g, ' ')} as it was at submit (below, in base64) once its dependencies allow`,
    `__pcluster_end=${shellQuote(end[0]!)}"$JOB_ID"${shellQuote(end[1]!)}`,
    START_LINE,
    ...GUARD,
    identityLine(IDENTITY, 1),
    '__pcluster_script=$(mktemp "${TMPDIR:-/tmp}/pcluster-script.XXXXXX") || exit 1',
    "base64 -d > \"$__pcluster_script\" <<'__PCLUSTER_SCRIPT__'",
    ...(content.toString('base64').match(/.{1,76}/g) ?? []),
    '__PCLUSTER_SCRIPT__',
    `${shellQuote(shell)} "$__pcluster_script" "$@"`,
    '__pcluster_rc=$?',
    'rm -f -- "$__pcluster_script"',
    ...END_RECORD_LINES,
    '',
  ].join('\n')
}

/** SGE's pseudo variables in -o/-e paths (qsub(1) "-o"): those pcluster can know at submit. */
function fill(path: string, vars: Record<string, string>): string {
  return path.replace(/\$(JOB_ID|JOB_NAME|USER|HOME|HOSTNAME)\b/g, (m, k: string) => vars[k] ?? m)
}

/**
 * The name and files of a submit-file job as SGE names them: `-N`, else the script's file name; `-o`/`-e` (a
 * folder there means NAME.oID / NAME.eID inside it), else those names in the job's working folder, which is
 * `-wd`, the submit folder with `-cwd`, else $HOME (notes "More facts" 8); `-j y` sends stderr to stdout.
 */
export async function scriptJob(req: SubmitRequest, id: string): Promise<ScriptJob> {
  const text = await readFile(req.script, 'latin1').catch(() => '')
  // the options given on the command line after the script's own: the last of an option wins, as in qsub
  const words = [...directiveWords(directiveLines(text)), ...optionWords(req.options, req.script, text)]
  const cwd = req.cwd ?? process.cwd()
  const name = last(words, '-N') ?? basename(req.script)
  const vars = { JOB_ID: id, JOB_NAME: name, USER: currentUser(), HOME: homedir(), HOSTNAME: '$HOSTNAME' }
  const wd = last(words, '-wd') ? resolve(cwd, fill(last(words, '-wd')!, vars)) : words.includes('-cwd') ? cwd : homedir()
  const at = (option: '-o' | '-e', letter: string): string => {
    const given = last(words, option)
    const path = given ? resolve(wd, fill(given, vars)) : wd
    let dir = !given
    try { dir ||= statSync(path).isDirectory() } catch { /* a file yet to be written */ }
    return dir ? resolve(path, `${name}.${letter}${id}`) : path
  }
  const out = at('-o', 'o')
  return { name, out, err: /^y/i.test(last(words, '-j') ?? '') ? out : at('-e', 'e'), end: scriptEndRecord(cwd, req.script, id) }
}
