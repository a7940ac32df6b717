# fish completion for pcluster. Install: copy to ~/.config/fish/completions/pcluster.fish
set -l subs submit submit-file queue wait cancel release clean profile config local options help
complete -c pcluster -f
complete -c pcluster -n "not __fish_seen_subcommand_from $subs" -a "$subs"
complete -c pcluster -n "not __fish_seen_subcommand_from $subs" -s v -l verbose -d "say what pcluster decides, timed (PCLUSTER_LOG=debug)"
complete -c pcluster -n "not __fish_seen_subcommand_from $subs" -s q -l quiet -d "only problems on stderr (PCLUSTER_LOG=warn)"
complete -c pcluster -l qtype -x -a "slurm sge torque pbspro local" -d 'batch system'
for o in cores nodes mem time partition account export features modules begin filedir dir suffix outfile errfile threads name depends tasks tasks-per-node gpus gpus-per-node mem-per-cpu qos reservation signal mail-user nice comment extra
  complete -c pcluster -n "__fish_seen_subcommand_from submit submit-file profile" -l $o -x
end
complete -c pcluster -n "__fish_seen_subcommand_from submit submit-file profile" -l mail -x -a "begin end fail all none"
complete -c pcluster -n "__fish_seen_subcommand_from submit submit-file profile" -l exclusive -l requeue
complete -c pcluster -n "__fish_seen_subcommand_from submit submit-file" -l hold
complete -c pcluster -n "__fish_seen_subcommand_from submit" -l profile -x -a "(pcluster profile list 2>/dev/null | cut -d: -f1)"
complete -c pcluster -n "__fish_seen_subcommand_from submit" -l parsable -l json -l wait -l dry-run -l max-queue-len
complete -c pcluster -n "__fish_seen_subcommand_from submit-file" -F -l depends -l parsable -l json -l wait -l max-queue-len
complete -c pcluster -n "__fish_seen_subcommand_from queue" -l user -l state -l since -l all -l name -l partition -l json
complete -c pcluster -n "__fish_seen_subcommand_from wait" -l json -l quiet
complete -c pcluster -n "__fish_seen_subcommand_from wait" -l timeout -r -d "give up after DURATION: exit 124"
complete -c pcluster -n "__fish_seen_subcommand_from clean" -l suffix -l outputs -l yes -l dry-run
complete -c pcluster -n "__fish_seen_subcommand_from profile" -a "list show set delete"
complete -c pcluster -n "__fish_seen_subcommand_from config" -a "get set delete"
complete -c pcluster -n "__fish_seen_subcommand_from local" -a "status start stop"
