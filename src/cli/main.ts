// The command-line front door: declares every subcommand and its flags (job flags come from the option
// registry), loads a subcommand's module only when it runs, and is the one place that prints errors and
// sets the exit code.
import { Argument, Command, CommanderError, Option } from 'commander'
import { BACKEND_NAMES, BACKENDS, detectionHelp, directiveTables, registry } from '../backends/index.js'
import type { DirectiveTable } from '../backends/types.js'
import { PclusterError } from '../core/errors.js'
import { envProblem, log, setLogLevel, useLog } from '../core/log.js'
import { useBackends } from '../core/resolver.js'
import { VERSION } from '../core/version.js'
import { EXIT, type ExitCode } from './exit.js'
import { describeFault } from './faults.js'
import { addJobOptions } from './jobflags.js'
import { DRAWN_ROWS, stdout } from './output.js'

useBackends(registry)
// log lines and warnings that change nothing about the outcome (a request trimmed to fit) go to stderr, so
// that stdout stays data; -v/-q/PCLUSTER_LOG choose how much (core/log.ts)
useLog((_, line) => process.stderr.write(`${line}\n`))

function qtypeOption(): Option {
  return new Option('--qtype <TYPE>', `batch system: ${BACKEND_NAMES.join(', ')} (default: ${detectionHelp()})`)
}

/** `a, b or c`. */
const listOf = (items: readonly string[]) => (items.length > 1 ? `${items.slice(0, -1).join(', ')} or ${items.at(-1)}` : items.join(''))

/** What the subcommand that ran asked the process to exit with (exit.ts's table). */
let exitIntent: ExitCode = EXIT.ok

/** Wraps a subcommand's action: its returned exit intent (none: ok) becomes the process's exit code. */
function act<A extends unknown[]>(fn: (...args: A) => Promise<ExitCode | void>): (...args: A) => Promise<void> {
  return async (...args) => {
    exitIntent = (await fn(...args)) ?? EXIT.ok
  }
}

/** The script prefixes the backends read options from, for help (each backend supplies its own). */
const prefixes = () => BACKEND_NAMES.map((n) => BACKENDS[n].directivePrefix).filter(Boolean).join('/')

/** Whether the command line had a `--`: after it, submit's words are argv, each quoted as given. */
let dashDash = false

export function buildProgram(tables?: Readonly<Record<string, DirectiveTable>>): Command {
  const program = new Command('pcluster')
    .description(`Submit, chain, wait on and clean up batch jobs on ${listOf(BACKEND_NAMES.map((n) => BACKENDS[n].title))}, with the same options everywhere.`)
    .version(VERSION, '-V, --version')
    .option('-v, --verbose', 'say on stderr what pcluster decides (batch system, profiles, files) and every command it runs, with times (PCLUSTER_LOG=debug); before the subcommand')
    .option('-q, --quiet', 'only problems on stderr: no progress, notes or summaries (PCLUSTER_LOG=warn); before the subcommand')
    .enablePositionalOptions()
    .showSuggestionAfterError()
    .addHelpText('after', `
Exit codes, the same for every subcommand: 0 all ok; 1 a job failed (non-zero exit, timeout, out of memory,
cancelled, never runnable), the scheduler refused, or what was asked about is not so (local status: not
running); 2 bad usage (nothing written or submitted); 3 a job's end is unknown; 124 wait --timeout ran out
(the jobs left as they are). submit --wait exits with the job's own exit code when it ran and exited non-zero.

Examples:
  j1=$(pcluster submit --parsable --cores 4 --mem 8G 'bwa mem ref.fa reads.fq > out.sam')
  j2=$(pcluster submit --parsable --depends "$j1" -- samtools sort -o out.bam out.sam)
  pcluster wait "$j2"            # non-zero, with the reason, if either failed
  pcluster queue                 # your jobs, live and finished today
  pcluster clean --yes           # delete the job files pcluster wrote here`)

  const submit = addJobOptions(
    program.command('submit')
      .summary('write a job script for a shell command and submit it')
      .description('Write a job script for a shell command into filedir and submit it; prints the job id.\n\n' +
        "The command is either one shell string ('cmd | cmd2 > out') or, after --, a command and its arguments,\n" +
        'each passed on exactly as given. pcluster\'s options go before the command; one of them after the\n' +
        'command is refused (it would be glued into the command) unless a -- shows where the command starts.\n\n' +
        'On the local queue (where no batch system is found) a job asking for more cores or memory than the\n' +
        'queue owns (all of the machine unless [local] cores/mem say less) is trimmed to fit, with a warning, as\n' +
        'python-cluster did; [local] strict = true refuses it instead.')
      .argument('<command...>', 'the command to run')
      .passThroughOptions(),
    { tables },
  )
    .addOption(new Option('--profile <NAME>', 'a profile from the config file (see pcluster profile list)'))
    .addOption(qtypeOption())
    .option('--parsable', 'print the job id alone (for j=$(pcluster submit --parsable ...)); not with --dry-run')
    .option('--json', 'print one JSON object: id, name, qtype, script, out, err (with --dry-run: the plan; with --wait, once the job ended: state and exitCode too)')
    .option('--wait', "block until the job ends and exit with the job's own exit code; on a terminal, print its output meanwhile, as srun does")
    .option('--dry-run', 'print the script (under the name a submit would take now) and the submit command; write and submit nothing')
    .option('--max-queue-len <N>', 'wait before submitting while you have N pending+running jobs (0: no limit; default from config, 1000)')
    .option('--key <KEY>', 'submit exactly once: a key already used answers its job\'s id (live or completed) instead of a new job, and a lost answer from the scheduler is looked up by it')
    .option('--once', 'as --key, with a key made from the command, the options and the folder')
    .option('--no-wait-for-limit', "fail when the scheduler refuses the job at your submit limit, instead of holding it back until some of your jobs leave")
    .option('--check', "ask the scheduler first whether and when the job could run, and check the partition's limits; a job that never could is refused (exit 2), nothing submitted (default: [jobs] check)")
    .option('--no-check', 'submit without that check, whatever [jobs] check says')
    .action(act(async (words: string[], flags: Record<string, unknown>, cmd: Command) =>
      (await import('./submit.js')).run(words, flags, dashDash, cmd.options.flatMap((o) => [o.long, o.short]).filter((f): f is string => !!f))))
  submit.addHelpText('after', `
Examples:
  pcluster submit 'echo "hello from $(hostname)" > hi.txt'
  pcluster submit --cores 8 --mem 16G --time 4:00:00 --name align -- bwa mem -t 8 ref.fa r1.fq r2.fq
  j=$(pcluster submit --parsable --depends 1234,1235 --profile large ./step3.sh)`)

  addJobOptions(
    program.command('submit-file')
      .summary('submit an existing job script as it is, with arguments for it')
      .description(`Submit an existing job script as it is; prints the job id. Arguments after the script are passed to\n` +
        `it, as Slurm passes them; pcluster's options go before the script. Its own ${prefixes()} lines apply: on the\n` +
        'local queue those one machine can honour (--time, --job-name, --output, --error, --cpus-per-task, --mem,\n' +
        '--chdir, --begin; %j, %x, %u in paths), the others named in one line on stderr. Options given here override\n' +
        "the script's own lines, as Slurm's do (pcluster submit-file --cores 4 job.sh), on every batch system;\n" +
        'no default or profile applies. Output goes where the script says, else to slurm-ID.out in the current folder\n' +
        '(stderr too). The script is copied at submit, as Slurm does: editing it afterwards does not change the job.\n' +
        'Its outputs are recorded for clean (kept unless --outputs).')
      .argument('<script>', 'the job script')
      .argument('[args...]', 'arguments for the script')
      .passThroughOptions(),
    { tables, hidden: ['filedir', 'suffix', 'modules'], noDefaults: true },
  )
    .addOption(qtypeOption())
    .option('--parsable', 'print the job id alone')
    .option('--json', 'print one JSON object: id, name, qtype, script, args, out, err (with --wait, once the job ended: state and exitCode too)')
    .option('--wait', "block until the job ends and exit with the job's own exit code; on a terminal, print its output meanwhile, as srun does")
    .option('--max-queue-len <N>', 'wait before submitting while you have N pending+running jobs (0: no limit)')
    .option('--key <KEY>', 'submit exactly once: a key already used answers its job\'s id (live or completed) instead of a new job')
    .option('--once', 'as --key, with a key made from the script, its arguments, the options and the folder')
    .option('--no-wait-for-limit', "fail when the scheduler refuses the job at your submit limit, instead of holding it back until some of your jobs leave")
    .option('--check', "ask the scheduler first whether and when the job could run, and check the partition's limits; a job that never could is refused (exit 2), nothing submitted (default: [jobs] check)")
    .option('--no-check', 'submit without that check, whatever [jobs] check says')
    .action(act(async (script: string, args: string[], flags: Record<string, unknown>) =>
      (await import('./submit-file.js')).run(script, args, flags)))

  program.command('queue')
    .summary('show your jobs: live ones and those finished in the last day')
    .description('Show your jobs: live ones and those that finished in the last day (as Slurm shows them), with true\n' +
      'end states; --since or --all for more. Without --qtype: those of the batch system found here and of every\n' +
      `one pcluster submitted to in that time. Up to ${DRAWN_ROWS} rows are drawn as a table, more as plain columns.`)
    .option('--user <WHO>', 'self, a user name, or all', 'self')
    .option('--state <S[,S]>', 'only jobs in these states (pending, running, completed, failed, ...)')
    .option('--since <WHEN>', 'also jobs that ended since then: 7d, 12h, 30m, 2w, or a date (2026-05-01[T08:00]) from 1970 on; default 1d')
    .option('--all', 'also every ended job still kept (Slurm: by accounting; the local queue and pcluster: keep_days)')
    .option('--name <PATTERN>', "only jobs whose name matches this glob ('align*', 'step?')")
    .option('--partition <P>', 'only jobs in this partition (queue)')
    .option('--json', 'print a JSON array of jobs')
    .addOption(qtypeOption())
    .action(act(async (flags: Record<string, unknown>) => (await import('./queue.js')).run(flags)))

  program.command('wait')
    .summary('block until jobs end; non-zero if any did not succeed')
    .description('Block until every job ends. Exit 0 when all completed with exit 0; otherwise 1 (or 3 when a\n' +
      "job's end is unknown), with one line per job that did not succeed saying why.")
    .argument('<id...>', 'job ids (also comma-separated)')
    .option('--json', 'print a JSON array of the final statuses')
    .option('--quiet', 'no progress output')
    .option('--timeout <DURATION>', 'give up after DURATION (seconds, or 90s, 10m, 2h, 1d as timeout(1); up to 365d): exit 124, the jobs left as they are')
    .addOption(qtypeOption())
    .action(act(async (ids: string[], flags: Record<string, unknown>) => (await import('./wait.js')).run(ids, flags)))

  program.command('cancel')
    .summary('cancel jobs')
    .description('Cancel jobs: pending ones never start, running ones are stopped (SIGTERM, then SIGKILL). Their\n' +
      'dependents will never run. pcluster wait then reports them as cancelled.')
    .argument('<id...>', 'job ids (also comma-separated)')
    .addOption(qtypeOption())
    .action(act(async (ids: string[], flags: Record<string, unknown>) => (await import('./cancel.js')).run(ids, flags)))

  program.command('release')
    .summary('let jobs submitted with --hold start')
    .description('Release jobs submitted with --hold, so that they may start (scheduled as any other job from then on).\n' +
      'Releasing a job that is not held does nothing.')
    .argument('<id...>', 'job ids (also comma-separated)')
    .addOption(qtypeOption())
    .action(act(async (ids: string[], flags: Record<string, unknown>) => (await import('./release.js')).run(ids, flags)))

  program.command('output')
    .summary("print a job's stdout (or stderr) from the file it wrote")
    .description("Print a job's stdout (stderr with --err) from the file pcluster recorded when it submitted the job, in any " +
      "folder (the job's batch system found as for wait). Exit 1 when the file was deleted by clean or is not written yet. " +
      '--follow writes it as it grows, as tail -f, until the job ends, then exits as wait does.')
    .argument('<id>', 'the job id')
    .option('--err', 'the job\'s stderr instead')
    .option('-f, --follow', 'go on writing what the job adds until it ends; exit as wait does')
    .addOption(qtypeOption())
    .action(act(async (id: string, flags: Record<string, unknown>) => (await import('./joboutput.js')).run(id, flags)))

  program.command('clean')
    .summary('delete the job files pcluster wrote in a folder')
    .description('Delete the files pcluster wrote in DIR, as recorded in its manifest there: lists them first and\n' +
      'asks on a terminal. Never a file pcluster did not write, never one outside DIR, never those of a job still\n' +
      'pending or running; outputs you named (--outfile/--errfile) only with --outputs.')
    .argument('[dir]', 'the folder', '.')
    .option('--suffix <S>', 'only jobs written with this suffix')
    .addOption(qtypeOption())
    .option('--outputs', 'also delete outputs named with --outfile/--errfile (inside DIR only); they are kept by default')
    .option('-y, --yes', 'do not ask (needed when stdin is not a terminal)')
    .option('-n, --dry-run', 'list what would be deleted; delete nothing')
    .action(act(async (dir: string, flags: Record<string, unknown>) => (await import('./clean.js')).run(dir, flags)))

  const profile = program.command('profile')
    .summary('list, show, set or delete option profiles')
    .description('Named option profiles in the config file ($PCLUSTER_CONFIG, else ~/.pcluster; read from\n' +
      "python-cluster's ~/.python-cluster while ~/.pcluster does not exist). Precedence: built-in < default\n" +
      'profile < --profile NAME < flags.')
  profile.command('list').description('list the profiles').option('--json', 'JSON output').addOption(qtypeOption())
    .action(act(async (flags: Record<string, unknown>) => (await import('./profile.js')).list(flags)))
  profile.command('show').description('show one profile').argument('<name>').option('--json', 'JSON output').addOption(qtypeOption())
    .action(act(async (name: string, flags: Record<string, unknown>) => (await import('./profile.js')).show(name, flags)))
  addJobOptions(profile.command('set').description('set options of a profile (created if new)').argument('<name>'), { forProfile: true, tables })
    .addOption(qtypeOption())
    .action(act(async (name: string, flags: Record<string, unknown>) => (await import('./profile.js')).set(name, flags)))
  profile.command('delete').description('delete a profile').argument('<name>').addOption(qtypeOption())
    .action(act(async (name: string) => (await import('./profile.js')).remove(name)))

  const config = program.command('config')
    .summary('get, set, delete or show the settings of the config file')
    .description('One key or [section] of the config file ($PCLUSTER_CONFIG, else ~/.pcluster), as the library\'s\n' +
      'getOption/setOption/deleteOption (python-cluster\'s config_file functions). A key of [prof_NAME] is a job option,\n' +
      'checked as everywhere; [queue] values are checked as pcluster reads them, a bad one is not written.')
  config.command('get').description('print a value (an unset key: its built-in default, said on stderr), a section, or the whole ' +
    'file (exit 1 when not set and without a default)')
    .argument('[section]').argument('[key]').option('--json', 'JSON output')
    .action(act(async (section: string | undefined, key: string | undefined, flags: Record<string, unknown>) => (await import('./config.js')).get(section, key, flags)))
  config.command('set').description('set a key pcluster reads, in place (the section is created if new)').argument('<section>').argument('<key>').argument('<value>')
    .action(act(async (section: string, key: string, value: string) => (await import('./config.js')).set(section, key, value)))
  config.command('delete').description('delete a key, or the whole section without one').argument('<section>').argument('[key]')
    .action(act(async (section: string, key: string | undefined) => (await import('./config.js')).remove(section, key)))
  config.command('show').description('every effective setting as section.key=value: those of the file and the built-in defaults ' +
    'of the keys it leaves unset (as git config --list)')
    .option('--origin', 'before each, where it comes from: file:PATH:LINE, or (default)')
    .option('--json', 'JSON output: the file read and every setting with its file and line (null for a default)')
    .action(act(async (flags: Record<string, unknown>) => (await import('./config.js')).show(flags)))

  const local = program.command('local')
    .summary('the local job queue: status, start, stop')
    .description('The local job queue: a per-user daemon on this machine that runs jobs by cores, memory and GPUs, the\n' +
      'default where no batch system is found. The first command that needs it starts it; it leaves when idle.\n' +
      'GPUs: those in CUDA_VISIBLE_DEVICES when it starts, else those nvidia-smi -L lists.\n' +
      'Config: [local] cores (default: all), mem (default: all memory), idle (seconds, default 60), strict.\n' +
      'A job asking for more cores or memory than that is trimmed to fit with a warning (strict = true: refused);\n' +
      'one asking for more GPUs than it has is refused.\n' +
      'A running daemon keeps the cores and memory it started with: stop and start it to apply a new config.')
  local.command('status').description('is it running; its pid, store, GPUs and jobs by state (exit 1 when not running)')
    .option('--json', 'JSON output').addOption(qtypeOption())
    .action(act(async (flags: Record<string, unknown>) => (await import('./local.js')).status(flags)))
  local.command('start').description('start it now (otherwise the first command that needs it does), also after a stop').addOption(qtypeOption())
    .action(act(async () => (await import('./local.js')).start()))
  local.command('stop').description('stop it until local start or a submit: queued jobs stay queued (queue, wait and\n' +
    'cancel say it is stopped rather than start it), running jobs keep running and are re-adopted').addOption(qtypeOption())
    .action(act(async () => (await import('./local.js')).stop()))

  program.command('options')
    .summary('list every job option, its synonyms, type and default')
    .description('List every job option with its synonyms, type and default (what python-cluster called option_help).')
    .addOption(qtypeOption())
    .action(act(async (flags: Record<string, unknown>) => (await import('./options.js')).run(flags)))

  program.command('completion')
    .summary('print the completion script for bash, zsh or fish')
    .description('Print the completion script for bash, zsh or fish (what completes: subcommands, flags, their values, profile\n' +
      'names, config sections and keys, job ids). Profiles and recent job ids are read from small files pcluster\n' +
      'keeps under $XDG_STATE_HOME/pcluster/completion, so a Tab does not start pcluster. The README says where\n' +
      'each shell looks for it; e.g. pcluster completion bash > ~/.local/share/bash-completion/completions/pcluster')
    .addArgument(new Argument('<shell>', 'the shell').choices(['bash', 'zsh', 'fish']))
    .action(act(async (shell: 'bash' | 'zsh' | 'fish') => (await import('./completion.js')).run(shell, program)))

  return program
}

function report(err: unknown): number {
  if (err instanceof PclusterError) {
    process.stderr.write(`pcluster: ${err.message}\n${err.hint ? `  hint: ${err.hint}\n` : ''}`)
    return err.exitCode
  }
  // a full disk, a read-only or missing folder that no code path foresaw: the path and the cause, no stack
  const fault = describeFault(err)
  if (fault) {
    process.stderr.write(`pcluster: ${fault.message}\n  hint: ${fault.hint}\n`)
    return EXIT.failed
  }
  const e = err as Error
  process.stderr.write(`pcluster: internal error: ${e?.stack ?? String(err)}\n` +
    `  please report this with: pcluster ${VERSION}, node ${process.version}, ${process.platform}\n`)
  return EXIT.failed
}

export async function main(argv: string[]): Promise<void> {
  dashDash = argv.includes('--')
  // the backends' directive tables say where each option applies: read only when help is drawn
  const options = dashDash ? argv.slice(0, argv.indexOf('--')) : argv
  const wantsHelp = !options.length || options[0] === 'help' || options.some((a) => a === '--help' || a === '-h')
  if (wantsHelp) stdout() // commander writes help to process.stdout itself: `pcluster --help | head` ends quietly too
  const program = buildProgram(wantsHelp ? await directiveTables() : undefined)
  const applyOutput = (cmd: Command) => {
    cmd.exitOverride().configureOutput({
      outputError: (str, write) => write(`pcluster: ${str.replace(/^error: /, '')}`),
    })
    cmd.commands.forEach(applyOutput)
  }
  applyOutput(program)
  program.hook('preAction', () => {
    const o = program.opts<{ verbose?: boolean; quiet?: boolean }>()
    const problem = envProblem()
    if (problem) log.warn(problem)
    if (o.verbose) setLogLevel('debug')
    else if (o.quiet) setLogLevel('warn')
  })
  try {
    await program.parseAsync(argv, { from: 'user' })
    process.exitCode = exitIntent
  } catch (err) {
    if (err instanceof CommanderError) {
      // help asked for is success; help shown because a subcommand is missing (exit 1 from commander) is usage
      const ok = ['commander.helpDisplayed', 'commander.version'].includes(err.code) || (err.code === 'commander.help' && err.exitCode === 0)
      process.exitCode = ok ? EXIT.ok : EXIT.usage
      return
    }
    process.exitCode = report(err)
  }
}
