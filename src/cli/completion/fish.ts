// The fish completion script, rendered from the completion spec as bash.ts renders bash's: one function walks
// the words typed so far and prints the words for what is being typed (with their help after a tab), which
// fish then matches against the word under the cursor. Profiles and job ids come from pcluster's cache files.
import { everyCommand, type CompletionSpec, type Source } from './spec.js'
import { HEADER, mergeArms } from './shell.js'

/** A word in fish's single quotes (only \ and ' are escaped there). */
const q = (s: string) => `'${s.replace(/[\\']/g, '\\$&')}'`
/** A word and its help, tab between them (written unquoted: \t is a tab only outside quotes). */
const described = (word: string, about: string) => `${q(word)}\\t${q(about)}`
const list = (xs: readonly string[]) => xs.join(' ')

/** The fish lines that print a source's words (each after $prefix: the `--flag=` of `--flag=value`). */
function offer(source: Source): string {
  const words = source.words.length ? `__pcluster_print "$prefix" ${list(source.words.map(q))}` : ''
  const and = (s: string) => (words ? `${words}; ${s}` : s)
  switch (source.also) {
    case 'profiles': case 'ids': return and(`__pcluster_cached ${source.also} "$prefix"`)
    case 'sections': return and('__pcluster_sections "$prefix"')
    case 'keys': return and('__pcluster_keys "$pos[1]" "$prefix"')
    case 'files': return and('__pcluster_print "$prefix" (__fish_complete_path $cur)')
    case 'dirs': return and('__pcluster_print "$prefix" (__fish_complete_directories $cur)')
    case 'commands': return and('__fish_complete_command')
    case 'users': return and('__pcluster_print "$prefix" (__fish_complete_users)')
    case undefined: return words || 'true'
  }
}

/** The arms of a fish `switch`. */
const arms = (entries: readonly [pattern: string, body: string][]) =>
  mergeArms(entries).map(([pats, body]) => `    case ${pats.join(' ')}\n      ${body}`).join('\n')

export function fishScript(spec: CompletionSpec): string {
  const commands = everyCommand(spec.root)
  const commandArms = commands.map((c): [string, string] => {
    const subs = c.subcommands.map((s) => described(s.name, s.about))
    const shown = c.flags.filter((f) => !f.hidden).flatMap((f) => f.flags.map((flag) => described(flag, f.about)))
    const valued = c.flags.filter((f) => f.value).flatMap((f) => f.flags.map(q))
    return [q(c.path), [`set -g __pcluster_subs ${list(subs)}`, `set -g __pcluster_opts ${list(shown)}`,
      `set -g __pcluster_valued ${list(valued)}`].join('\n      ')]
  })
  const valueArms = commands.flatMap((c) => c.flags.flatMap((f) => f.value
    ? f.flags.map((flag): [string, string] => [q(`${c.path} ${flag}`), offer(f.value!)]) : []))
  const argArms = commands.flatMap((c) => c.args.map((a, i): [string, string] =>
    [a.variadic ? `${q(`${c.path} `)}'*'` : q(`${c.path} ${i}`), offer(a.source)]))
  const keyArms = [...Object.entries(spec.sections).map(([s, keys]): [string, string] => [q(s), `__pcluster_print "$argv[2]" ${list(keys.map(q))}`]),
    [`'prof_*'`, `__pcluster_print "$argv[2]" ${list(spec.profileKeys.map(q))}`] as [string, string]]
  return `${HEADER('fish', 'copy it to\n# ~/.config/fish/completions/pcluster.fish.')}

# the subcommands and flags offered (each with its help after a tab), and the flags that take a value
function __pcluster_command
  switch $argv[1]
${arms(commandArms)}
  end
end

# prints each word after the first argument (a prefix, maybe empty)
function __pcluster_print
  set -q argv[2]; or return 0
  printf '%s\\n' $argv[1]$argv[2..-1]
end

# prints the words of one of pcluster's cache files (profiles, ids), each after the prefix $argv[2]
function __pcluster_cached
  set -l dir $HOME/.local/state
  test -n "$XDG_STATE_HOME"; and set dir $XDG_STATE_HOME
  set -l f $dir/pcluster/completion/$argv[1]
  test -r $f; or return 0
  while read -l line
    test -n "$line"; and printf '%s\\n' "$argv[2]$argv[3]$line"
  end <$f
end

# the config sections: those pcluster reads, and a profile's
function __pcluster_sections
  __pcluster_print "$argv[1]" ${list(Object.keys(spec.sections).map(q))}
  __pcluster_cached profiles "$argv[1]" prof_
end

# the keys of the config section $argv[1]
function __pcluster_keys
  switch $argv[1]
${arms(keyArms)}
  end
end

function __pcluster_complete
  set -l tokens (commandline -opc)
  set -l cur (commandline -ct)
  set -l path ''
  set -l skip
  set -l valopt
  set -l dashdash
  set -l pos
  set -l prefix ''
  __pcluster_command ''
  set -l names (string replace -r '\\t.*' '' -- $__pcluster_subs)
  for word in $tokens[2..-1]
    if test -n "$skip"
      set skip
      continue
    end
    if test -z "$dashdash"; and string match -q -- '-*' $word
      if test "$word" = --
        set dashdash 1
      else if contains -- $word $__pcluster_valued
        set skip 1
        set valopt $word
      end
      continue
    end
    if test (count $pos) -eq 0; and contains -- $word $names
      set path (string trim -- "$path $word")
      __pcluster_command $path
      set names (string replace -r '\\t.*' '' -- $__pcluster_subs)
      continue
    end
    set -a pos $word
  end
  # --flag=value typed as one word
  if test -z "$skip" -a -z "$dashdash"; and string match -qr -- '^-[^=]+=' $cur
    set -l parts (string split -m 1 = -- $cur)
    if contains -- $parts[1] $__pcluster_valued
      set skip 1
      set valopt $parts[1]
      set prefix "$parts[1]="
      set cur $parts[2]
    end
  end
  if test -n "$skip"
    switch "$path $valopt"
${arms(valueArms)}
    end
    return 0
  end
  if test -z "$dashdash"; and string match -q -- '-*' $cur
    printf '%s\\n' $__pcluster_opts
    return 0
  end
  if test (count $pos) -eq 0; and set -q __pcluster_subs[1]
    printf '%s\\n' $__pcluster_subs
    return 0
  end
  switch "$path "(count $pos)
${arms(argArms)}
  end
end

complete -c pcluster -e
complete -c pcluster -f -a '(__pcluster_complete)'
`
}
