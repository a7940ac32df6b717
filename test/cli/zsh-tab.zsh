# What zsh offers at a Tab, for the completion tests: a real interactive zsh in a pseudo-terminal (the zpty
# module) with compinit and the _pcluster under test is typed each command line and a Tab; every word a
# completion function adds passes through compadd, which is wrapped here to write the matching ones to a file.
# usage: zsh -f zsh-tab.zsh FOLDER OUT LINE...
# FOLDER holds _pcluster; the words offered for each LINE go to OUT, one a line, each LINE's ended by a line '--'.
zmodload zsh/zpty || { print -u2 'zsh-tab.zsh: no zsh/zpty module'; exit 2 }
folder=$1 out=$2
shift 2
: >| $out
zpty tab zsh -f -i
zpty -w tab "PS1= PROMPT= RPROMPT=; fpath=(${(q)folder} \$fpath)"
zpty -w tab 'autoload -Uz compinit && compinit -u -D'
# a call that only asks which words match (-O, -A, -D store them in an array) goes to the builtin as it is
zpty -w tab 'compadd() {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return; fi
  local -a __hits
  builtin compadd -O __hits "$@"
  (( $#__hits )) && print -rl -- $__hits >> '${(q)out}'
}'
zpty -w tab '_tab_done() { print -n "TAB""-DONE" }'
zpty -w tab 'bindkey "^I" complete-word; bindkey "^U" kill-whole-line'
for line; do
  # the completion system empties comppostfuncs once it has called them
  zpty -w tab 'comppostfuncs=(_tab_done)'
  zpty -w -n tab "$line"$'\t'
  zpty -r tab reply '*TAB-DONE*' || { print -u2 "zsh-tab.zsh: no answer from zsh to: $line"; exit 1 }
  print -r -- -- >> $out
  zpty -w -n tab $'\C-u'
done
zpty -d tab
