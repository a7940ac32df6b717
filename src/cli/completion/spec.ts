// What shell completion offers, read off the commander tree main.ts builds (every subcommand, its flags and
// arguments) and the registries (job options, backends, states): the shells' scripts are rendered from this
// one description (bash.ts, zsh.ts, fish.ts), so none of them lists a subcommand or a flag by hand.
import type { Command, Option } from 'commander'
import { BACKEND_NAMES, registry } from '../../backends/index.js'
import { CORE_CONFIG_KEYS } from '../../core/config.js'
import { MAIL_TYPES, OPTIONS, findOption } from '../../core/options.js'
import { JOB_STATES } from '../../core/states.js'

/**
 * Where the words for a value or an argument come from: fixed words (written into the script), and what the
 * shell finds itself: pcluster's cache files (profiles, ids: core/completioncache.ts), files, folders,
 * commands, users, the config's sections (fixed ones and `prof_` + each profile) or the keys of the section
 * given before. Neither: anything may be typed, nothing is offered.
 */
export interface Source {
  words: readonly string[]
  also?: 'profiles' | 'ids' | 'files' | 'dirs' | 'commands' | 'users' | 'sections' | 'keys'
}

export interface FlagSpec {
  /** `-y`, `--yes`: the short first. */
  flags: string[]
  about: string
  /** Accepted but not offered (a synonym: `--memory` for `--mem`). */
  hidden: boolean
  /** The value it takes; none for a flag alone. */
  value?: Source
}

export interface ArgSpec {
  name: string
  /** The last argument may be given again and again. */
  variadic: boolean
  source: Source
}

export interface CommandSpec {
  name: string
  /** The words that lead to it from pcluster: `profile show`; '' for pcluster itself. */
  path: string
  about: string
  flags: FlagSpec[]
  args: ArgSpec[]
  subcommands: CommandSpec[]
}

export interface CompletionSpec {
  root: CommandSpec
  /** The keys of each config section pcluster reads, and those of a [prof_NAME] section: the job options. */
  sections: Readonly<Record<string, readonly string[]>>
  profileKeys: readonly string[]
}

const free: Source = { words: [] }

/** The config sections pcluster reads but profiles, with their keys: the core's and each backend's own. */
function configSections(): Record<string, readonly string[]> {
  return { ...CORE_CONFIG_KEYS, ...registry.configKeys }
}

/** What a flag's value is, by its long name: the flags main.ts adds itself, then the job options by their kind. */
function valueOf(long: string): Source {
  switch (long) {
    case 'qtype': return { words: BACKEND_NAMES }
    case 'state': return { words: JOB_STATES }
    case 'profile': return { words: [], also: 'profiles' }
    case 'user': return { words: ['self', 'all'], also: 'users' } // queue.ts's two words, else a user name
  }
  const spec = findOption(long)
  if (!spec) return free
  if (spec.kind === 'mail') return { words: MAIL_TYPES }
  if (spec.name === 'depends') return { words: [], also: 'ids' }
  if (spec.kind === 'path') return { words: [], also: spec.placeholder === 'DIR' ? 'dirs' : 'files' }
  return free
}

/** What an argument is, by the name main.ts gives it; a new name must be given a source here. */
function argSource(name: string, path: string): Source {
  switch (name) {
    case 'id': return { words: [], also: 'ids' }
    case 'name': return { words: [], also: 'profiles' } // profile show|set|delete <name>
    case 'section': return { words: [], also: 'sections' }
    case 'key': return { words: [], also: 'keys' }
    case 'value': return free
    case 'script': case 'args': return { words: [], also: 'files' }
    case 'dir': return { words: [], also: 'dirs' }
  }
  throw new Error(`completion: no source for the argument <${name}> of pcluster ${path} (cli/completion/spec.ts)`)
}

/** The help line's first clause: a menu has room for a few words. */
function brief(text: string): string {
  const first = text.split('\n')[0]!.split(/ \(|; |: (?=[a-z])/)[0]!.trim()
  if (first.length <= 60) return first
  return `${first.slice(0, 57).replace(/\s+\S*$/, '')}...`
}

function flagSpec(o: Option): FlagSpec {
  const long = o.long?.replace(/^--/, '')
  return {
    flags: [o.short, o.long].filter((f): f is string => !!f),
    about: brief(o.description),
    hidden: o.hidden,
    ...(o.required || o.optional ? { value: long ? valueOf(long) : free } : {}),
  }
}

function commandSpec(cmd: Command, parent: string): CommandSpec {
  const path = parent ? `${parent} ${cmd.name()}` : cmd.parent ? cmd.name() : ''
  const subcommands = cmd.commands.map((c) => commandSpec(c, path))
  // commander answers `help [command]` for every command with subcommands
  if (subcommands.length)
    subcommands.push({ name: 'help', path: `${path ? `${path} ` : ''}help`, about: 'show help for a subcommand', flags: [],
      args: [{ name: 'command', variadic: false, source: { words: cmd.commands.map((c) => c.name()) } }], subcommands: [] })
  const args: ArgSpec[] = cmd.registeredArguments.flatMap((a): ArgSpec[] => {
    // a command to run: a command's name first, then what it is given (files, mostly)
    if (a.name() === 'command') return [{ name: 'command', variadic: false, source: { words: [], also: 'commands' } },
      { name: 'args', variadic: a.variadic, source: { words: [], also: 'files' } }]
    const source = a.argChoices ? { words: a.argChoices } : argSource(a.name(), path)
    return [{ name: a.name(), variadic: a.variadic, source }]
  })
  return {
    name: cmd.name(), path, about: brief(cmd.summary() || cmd.description()),
    flags: [...cmd.options.map(flagSpec), { flags: ['-h', '--help'], about: 'show help', hidden: false }],
    args, subcommands,
  }
}

/** The whole description, from the program main.ts builds. */
export function completionSpec(program: Command): CompletionSpec {
  return {
    root: commandSpec(program, ''),
    sections: configSections(),
    profileKeys: OPTIONS.filter((o) => o.inProfile !== false).map((o) => o.name),
  }
}

/** Every command, depth first (pcluster itself first). */
export function everyCommand(cmd: CommandSpec): CommandSpec[] {
  return [cmd, ...cmd.subcommands.flatMap(everyCommand)]
}
