# What bash offers at a Tab, for the completion tests: the completion script under test is sourced, the line is
# cut into COMP_WORDS as readline cuts it (at blanks, and around an = as COMP_WORDBREAKS says), the function
# bound to pcluster is called, and COMPREPLY is printed, one word a line.
# usage: bash --norc bash-tab.sh SCRIPT LINE
source "$1" || exit 2
line=$2
COMP_WORDS=()
read -ra blanks <<< "$line"
for w in "${blanks[@]}"; do
  while [[ $w == *=* ]]; do
    [[ -n ${w%%=*} ]] && COMP_WORDS+=("${w%%=*}")
    COMP_WORDS+=('=')
    w=${w#*=}
  done
  [[ -n $w ]] && COMP_WORDS+=("$w")
done
[[ $line == *' ' ]] && COMP_WORDS+=('')
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
COMP_LINE=$line COMP_POINT=${#line}
fn=$(complete -p pcluster | sed -n 's/.*-F \([^ ]*\) .*/\1/p')
"$fn" pcluster "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}"
