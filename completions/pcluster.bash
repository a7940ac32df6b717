# bash completion for pcluster. Install: source this file from ~/.bashrc, or copy it to
# /usr/share/bash-completion/completions/pcluster (zsh: autoload bashcompinit && bashcompinit, then source it).
_pcluster() {
  local cur prev sub i
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD-1]}
  sub=
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in -*) ;; *) sub=${COMP_WORDS[i]}; break ;; esac
  done
  local job_opts="--cores --cpus --nodes --mem --memory --time --walltime --partition --queue --account --export
    --features --modules --begin --filedir --dir --suffix --outfile --errfile --threads --name --depends --depend
    --dependency --dependencies --tasks --ntasks --tasks-per-node --ntasks-per-node --gpus --gpu --gpus-per-node
    --exclusive --mem-per-cpu --qos --reservation --hold --requeue --signal --mail --mail-type --mail-user --nice
    --comment --extra"
  case $prev in
    --qtype) COMPREPLY=($(compgen -W "slurm sge torque pbspro local" -- "$cur")); return ;;
    --mail|--mail-type) COMPREPLY=($(compgen -W "begin end fail all none" -- "$cur")); return ;;
    --signal) COMPREPLY=($(compgen -W "USR1@60 USR2@60 TERM@60" -- "$cur")); return ;;
    --user) COMPREPLY=($(compgen -W "self all" -u -- "$cur")); return ;;
    --state) COMPREPLY=($(compgen -W "pending held running completing completed failed cancelled timeout out_of_memory node_fail dependency_never_satisfied unknown" -- "$cur")); return ;;
    --filedir|--dir) COMPREPLY=($(compgen -d -- "$cur")); return ;;
    --outfile|--errfile) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --profile) COMPREPLY=($(compgen -W "$(pcluster profile list 2>/dev/null | cut -d: -f1)" -- "$cur")); return ;;
  esac
  case $sub in
    '') COMPREPLY=($(compgen -W "submit submit-file queue wait cancel release clean profile config local options help --version --help --verbose --quiet -v -q" -- "$cur")) ;;
    local) COMPREPLY=($(compgen -W "status start stop --json --help" -- "$cur")) ;;
    submit) COMPREPLY=($(compgen -W "$job_opts --profile --qtype --parsable --json --wait --dry-run --max-queue-len --help" -- "$cur")) ;;
    submit-file) COMPREPLY=($(compgen -W "$job_opts --qtype --parsable --json --wait --max-queue-len --help" -f -- "$cur")) ;;
    queue) COMPREPLY=($(compgen -W "--user --state --since --all --name --partition --json --qtype --help" -- "$cur")) ;;
    wait) COMPREPLY=($(compgen -W "--json --quiet --timeout --qtype --help" -- "$cur")) ;;
    cancel|release) COMPREPLY=($(compgen -W "--qtype --help" -- "$cur")) ;;
    clean) COMPREPLY=($(compgen -W "--suffix --qtype --outputs --yes --dry-run --help" -d -- "$cur")) ;;
    config) COMPREPLY=($(compgen -W "get set delete --json --help" -- "$cur")) ;;
    profile) COMPREPLY=($(compgen -W "list show set delete $job_opts --json --qtype --help" -- "$cur")) ;;
    options) COMPREPLY=($(compgen -W "--qtype --help" -- "$cur")) ;;
  esac
}
complete -F _pcluster pcluster
