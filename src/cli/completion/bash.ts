// The bash completion script, rendered from the completion spec: the words typed so far are walked to find
// the subcommand and which argument or flag value is being typed, then the words for it are offered. Fixed
// words are in the script; profiles and job ids are read from pcluster's cache files, so a Tab starts no Node.
import { everyCommand, type CompletionSpec, type Source } from './spec.js'
import { CACHE_DIR_SH, HEADER, caseArms, shQuote } from './shell.js'

/** The bash lines that fill COMPREPLY from a source (cur: the word typed). */
function offer(source: Source): string {
  const words = `words=(${source.words.map(shQuote).join(' ')})`
  switch (source.also) {
    case 'profiles': case 'ids': return `${words}; _pcluster_cached ${source.also}; _pcluster_words`
    case 'sections': return `${words}; _pcluster_sections; _pcluster_words`
    case 'keys': return `_pcluster_keys "\${pos[0]}"; _pcluster_words`
    case 'files': return `compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur"))`
    case 'dirs': return `compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur"))`
    case 'commands': return `COMPREPLY=($(compgen -c -- "$cur"))`
    case 'users': return `${words}; COMPREPLY=($(compgen -W "\${words[*]}" -u -- "$cur"))`
    case undefined: return source.words.length ? `${words}; _pcluster_words` : ':'
  }
}

export function bashScript(spec: CompletionSpec): string {
  const commands = everyCommand(spec.root)
  const words = (xs: readonly string[]) => shQuote(xs.join(' '))
  const commandArms = commands.map((c): [string, string] => {
    const shown = c.flags.filter((f) => !f.hidden).flatMap((f) => f.flags)
    const valued = c.flags.filter((f) => f.value).flatMap((f) => f.flags)
    return [shQuote(c.path), `subs=${words(c.subcommands.map((s) => s.name))}; opts=${words(shown)}; valued=${words(valued)}`]
  })
  const valueArms = commands.flatMap((c) => c.flags.flatMap((f) => f.value
    ? f.flags.map((flag): [string, string] => [shQuote(`${c.path} ${flag}`), offer(f.value!)]) : []))
  const argArms = commands.flatMap((c) => c.args.map((a, i): [string, string] =>
    [a.variadic ? `${shQuote(`${c.path} `)}*` : shQuote(`${c.path} ${i}`), offer(a.source)]))
  const keyArms = [...Object.entries(spec.sections).map(([s, keys]): [string, string] => [shQuote(s), `words=(${keys.map(shQuote).join(' ')})`]),
    ['prof_*', `words=(${spec.profileKeys.map(shQuote).join(' ')})`] as [string, string]]
  return `${HEADER('bash', 'source it from ~/.bashrc, or copy it to\n' +
    '# ~/.local/share/bash-completion/completions/pcluster (or /usr/share/bash-completion/completions/pcluster).')}

# the subcommands, the flags offered, and the flags that take a value, of one command (by its path)
_pcluster_command() {
  case $1 in
${caseArms(commandArms)}
  esac
}

# offers the words that begin with $cur (in bash itself: a $(compgen) subshell costs a fork a Tab)
_pcluster_words() {
  local w
  COMPREPLY=()
  for w in "\${words[@]}"; do [[ $w == "$cur"* ]] && COMPREPLY+=("$w"); done
}

# adds the words of one of pcluster's cache files (profiles, ids), each after the prefix $2
_pcluster_cached() {
  local f=${CACHE_DIR_SH}/$1
  local -a lines
  [[ -r $f ]] || return 0
  mapfile -t lines < "$f"
  words+=("\${lines[@]/#/\${2-}}")
}

# the config sections: those pcluster reads, and a profile's
_pcluster_sections() {
  words+=(${Object.keys(spec.sections).map(shQuote).join(' ')})
  _pcluster_cached profiles prof_
}

# the keys of the config section $1
_pcluster_keys() {
  words=()
  case $1 in
${caseArms(keyArms)}
  esac
}

_pcluster() {
  local cur=\${COMP_WORDS[COMP_CWORD]} path= word valopt= skip= dashdash= i subs opts valued
  local -a pos=() words=()
  _pcluster_command ''
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=\${COMP_WORDS[i]}
    # bash splits --flag=value at the =: the value comes next
    if [[ $word == = ]]; then skip=1; continue; fi
    if [[ -n $skip ]]; then skip=; continue; fi
    if [[ -z $dashdash && $word == -* ]]; then
      if [[ $word == -- ]]; then dashdash=1
      elif [[ " $valued " == *" $word "* ]]; then skip=1 valopt=$word
      fi
      continue
    fi
    if [[ \${#pos[@]} -eq 0 && " $subs " == *" $word "* ]]; then
      path=\${path:+$path }$word
      _pcluster_command "$path"
      continue
    fi
    pos+=("$word")
  done
  [[ $cur == = ]] && cur=
  if [[ -n $skip ]]; then
    case "$path $valopt" in
${caseArms(valueArms)}
    esac
    return 0
  fi
  if [[ -z $dashdash && $cur == -* ]]; then read -ra words <<< "$opts"; _pcluster_words; return 0; fi
  if [[ \${#pos[@]} -eq 0 && -n $subs ]]; then read -ra words <<< "$subs"; _pcluster_words; return 0; fi
  case "$path \${#pos[@]}" in
${caseArms(argArms)}
  esac
  return 0
}
complete -F _pcluster pcluster
`
}
