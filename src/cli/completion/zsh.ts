// The zsh completion function (_pcluster), rendered from the completion spec the way bash.ts renders bash's:
// the words typed so far are walked to find the subcommand and what is being typed, then the words for it are
// offered, subcommands and flags with their help line. Profiles and job ids come from pcluster's cache files.
import { everyCommand, type CompletionSpec, type Source } from './spec.js'
import { CACHE_DIR_SH, HEADER, caseArms, shQuote } from './shell.js'

const list = (xs: readonly string[]) => `(${xs.map(shQuote).join(' ')})`

/** The zsh lines that offer a source's words. */
function offer(source: Source): string {
  const words = source.words.length ? `compadd -- ${source.words.map(shQuote).join(' ')}` : ''
  const and = (s: string) => (words ? `${words}; ${s}` : s)
  switch (source.also) {
    case 'profiles': case 'ids': return and(`_pcluster_cached ${source.also}; compadd -a reply`)
    case 'sections': return and('_pcluster_sections')
    case 'keys': return and('_pcluster_keys "$pos[1]"; compadd -a reply')
    case 'files': return and('_files')
    case 'dirs': return and('_files -/')
    case 'commands': return and('_command_names -e')
    case 'users': return and('_users')
    case undefined: return words || ':'
  }
}

export function zshScript(spec: CompletionSpec): string {
  const commands = everyCommand(spec.root)
  const commandArms = commands.map((c): [string, string] => {
    const subs = c.subcommands.map((s) => `${s.name}:${s.about}`)
    const shown = c.flags.filter((f) => !f.hidden).flatMap((f) => f.flags.map((flag) => `${flag}:${f.about}`))
    const valued = c.flags.filter((f) => f.value).flatMap((f) => f.flags)
    return [shQuote(c.path), `subs=${list(subs)}; opts=${list(shown)}; valued=${list(valued)}`]
  })
  const valueArms = commands.flatMap((c) => c.flags.flatMap((f) => f.value
    ? f.flags.map((flag): [string, string] => [shQuote(`${c.path} ${flag}`), offer(f.value!)]) : []))
  const argArms = commands.flatMap((c) => c.args.map((a, i): [string, string] =>
    [a.variadic ? `${shQuote(`${c.path} `)}*` : shQuote(`${c.path} ${i}`), offer(a.source)]))
  const keyArms = [...Object.entries(spec.sections).map(([s, keys]): [string, string] => [shQuote(s), `reply=${list(keys)}`]),
    ['prof_*', `reply=${list(spec.profileKeys)}`] as [string, string]]
  return `#compdef pcluster
${HEADER('zsh', 'copy it as _pcluster into a folder of\n' +
    '# $fpath (e.g. fpath=(~/.zfunc $fpath) before compinit in ~/.zshrc), or source it after compinit.')}

# the subcommands and flags offered (with their help), and the flags that take a value, of one command
_pcluster_command() {
  case $1 in
${caseArms(commandArms)}
  esac
}

# the words of one of pcluster's cache files (profiles, ids), each after the prefix $2, in reply
_pcluster_cached() {
  local f=${CACHE_DIR_SH}/$1
  reply=()
  [[ -r $f ]] && reply=(\${(f)"$(<$f)"})
  reply=($2\${^reply})
}

# the config sections: those pcluster reads, and a profile's
_pcluster_sections() {
  _pcluster_cached profiles prof_
  compadd -- ${Object.keys(spec.sections).map(shQuote).join(' ')} $reply
}

# the keys of the config section $1, in reply
_pcluster_keys() {
  reply=()
  case $1 in
${caseArms(keyArms)}
  esac
}

_pcluster() {
  local path_= word valopt= skip= dashdash= i
  local -a subs opts valued pos reply
  _pcluster_command ''
  for ((i = 2; i < CURRENT; i++)); do
    word=$words[i]
    if [[ -n $skip ]]; then skip=; continue; fi
    if [[ -z $dashdash && $word == -* ]]; then
      if [[ $word == -- ]]; then dashdash=1
      elif (( $valued[(Ie)$word] )); then skip=1 valopt=$word
      fi
      continue
    fi
    if (( ! $#pos && $subs[(I)\${(b)word}:*] )); then
      path_=\${path_:+$path_ }$word
      _pcluster_command "$path_"
      continue
    fi
    pos+=("$word")
  done
  # --flag=value typed as one word
  if [[ -z $skip && -z $dashdash && $PREFIX == -*=* ]] && (( $valued[(Ie)\${PREFIX%%=*}] )); then
    valopt=\${PREFIX%%=*} skip=1
    compset -P '*='
  fi
  if [[ -n $skip ]]; then
    case "$path_ $valopt" in
${caseArms(valueArms)}
    esac
    return 0
  fi
  if [[ -z $dashdash && $PREFIX == -* ]]; then _describe -t options option opts; return 0; fi
  if (( ! $#pos && $#subs )); then _describe -t commands subcommand subs; return 0; fi
  case "$path_ $#pos" in
${caseArms(argArms)}
  esac
  return 0
}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _pcluster "$@"
else
  compdef _pcluster pcluster
fi
`
}
