// Renders a resolved job as a Grid Engine job script (pure but for the clock and user for --begin and %u):
// directives, the afterok guard, then the body every backend shares.
import { renderBody, type JobIdentity } from '../../core/jobscript.js'
import { fillKnown } from '../../core/outputpatterns.js'
import { currentUser } from '../../core/user.js'
import type { ResolvedJob } from '../types.js'
import type { SgeSettings } from './config.js'
import { renderDirectives } from './directives.js'

/** The environment variable qsub -v hands the guard: `[KIND/]ID@PATH:...` (KIND afterany or afternotok; none: afterok), each PATH with its odd bytes as \xHH (submit.ts). */
export const AFTER_VAR = '__PCLUSTER_AFTER'

/**
 * An output pattern as SGE's -o/-e path: %x and %u filled in here, so that the path is the one pcluster's own
 * records expect whatever SGE makes of the name; %j as SGE's own `$JOB_ID` (qsub(1) "-o": pseudo variables).
 */
export function sgeOutputPath(pattern: string, name: string, user: string): string {
  return fillKnown(pattern, { name, user }).map((p) => (typeof p === 'string' ? p : '$JOB_ID')).join('')
}

/**
 * afterok and afternotok on top of SGE (afterany is -hold_jid itself): -hold_jid only orders jobs ("after any": a dependent of a failed or deleted job runs,
 * notes "More facts" 1), so the job first reads the end records of the jobs it depends on. One that is
 * missing (the job was killed or deleted; a few seconds allowed for a shared file system), or says a non-zero
 * exit or a state of its own, means the parent did not succeed: for afterok (and a clean end for afternotok)
 * this job never runs its command: it records dependency_never_satisfied (with the kind that blocked it),
 * and its own dependents do the same in turn. A parent with no end record to read (`ID@`: a job pcluster did not
 * submit) is asked of accounting instead: the last `qacct -j ID` record must say failed 0 and exit_status 0.
 * qacct is looked for on the job's PATH, then the submitter's (SGE_O_PATH); accounting lags behind a job's end
 * (flush_time, 15 s by default: notes, gotcha 4), so "not found" is asked again for a minute before it blocks.
 */
export const GUARD = [
  `if [ -n "\${${AFTER_VAR}:-}" ]; then`,
  '  __pcluster_blocked=',
  '  __pcluster_acct_ok() {',
  '    local q i r',
  '    q=$(PATH="$PATH:${SGE_O_PATH:-}" command -v qacct) || return 1',
  '    for i in $(seq 60); do',
  '      if r=$("$q" -j "${1%%.*}" 2>/dev/null); then',
  "        printf '%s\\n' \"$r\" | awk '$1 == \"failed\" { f = $2 } $1 == \"exit_status\" { x = $2 } END { exit !(f == \"0\" && x == \"0\") }'",
  '        return',
  '      fi',
  '      sleep 1',
  '    done',
  '    return 1',
  '  }',
  `  IFS=: read -r -a __pcluster_after <<< "$${AFTER_VAR}"`,
  '  for __pcluster_e in "${__pcluster_after[@]}"; do',
  '    __pcluster_kind=afterok',
  '    case $__pcluster_e in afterany/*|afternotok/*) __pcluster_kind=${__pcluster_e%%/*}; __pcluster_e=${__pcluster_e#*/} ;; esac',
  '    [ "$__pcluster_kind" = afterany ] && continue # -hold_jid alone: any end will do',
  '    __pcluster_id=${__pcluster_e%%@*}',
  "    printf -v __pcluster_p '%b' \"${__pcluster_e#*@}\"",
  '    __pcluster_ok=',
  '    if [ -z "$__pcluster_p" ]; then',
  '      __pcluster_acct_ok "$__pcluster_id" && __pcluster_ok=1',
  '    else',
  '      for __pcluster_i in 1 2 3 4 5 6 7 8 9 10; do [ -f "$__pcluster_p" ] && break; sleep 0.5; done',
  "      grep -qx 'exit_code=0' \"$__pcluster_p\" 2>/dev/null && ! grep -q '^state=' \"$__pcluster_p\" && __pcluster_ok=1",
  '    fi',
  '    if [ "$__pcluster_kind" = afterok ] && [ -z "$__pcluster_ok" ]; then __pcluster_blocked=$__pcluster_id; break; fi',
  '    if [ "$__pcluster_kind" = afternotok ] && [ -n "$__pcluster_ok" ]; then __pcluster_blocked=$__pcluster_id; break; fi',
  '  done',
  '  if [ -n "$__pcluster_blocked" ]; then',
  "    printf -v __pcluster_now '%(%s)T' -1",
  "    printf 'exit_code=1\\nstate=dependency_never_satisfied\\nblocked_by=%s\\nblocked_kind=%s\\nstart=%s\\nend=%s\\n' \\",
  '      "$__pcluster_blocked" "$__pcluster_kind" "$__pcluster_now" "$__pcluster_now" > "$__pcluster_end.tmp" && mv -f "$__pcluster_end.tmp" "$__pcluster_end"',
  '    exit 1',
  '  fi',
  'fi',
]

/** pcluster's variables from Grid Engine's (qsub(1) "ENVIRONMENTAL VARIABLES"): NSLOTS, the slots of its parallel environment. */
export const IDENTITY: JobIdentity = { qtype: 'sge', id: 'JOB_ID', cores: 'NSLOTS', task: 'SGE_TASK_ID' }

export function renderScript(job: ResolvedJob, settings: SgeSettings, user = currentUser()): string {
  const options = {
    ...job.options, name: job.name,
    outfile: sgeOutputPath(job.files.out, job.name, user), errfile: sgeOutputPath(job.files.err, job.name, user),
  }
  // the body sets __pcluster_end first; the guard goes right after it, before the command runs
  // s_rt's SIGUSR1 goes to the job's whole process group (checked on 8.1.9): pcluster's shells must survive it
  const body = renderBody(job, { identity: IDENTITY, ...(job.options.signal ? { signal: job.options.signal.signal } : {}) }).split('\n')
  const at = body.findIndex((l) => l.startsWith('__pcluster_end=')) + 1
  // qsub reads #$ lines anywhere in the script, not only before the first command (a command's line `#$ -N x`
  // renamed the job on 8.1.9: qstat -j said job_name: x), so the body carries a command's lines prefixed (jobscript.ts)
  // -S /bin/bash: all.q's shell_start_mode posix_compliant ignores the #! line and runs /bin/sh (notes "More facts" 2)
  return ['#!/bin/bash', '#$ -S /bin/bash', ...renderDirectives(options, settings), ...body.slice(0, at), ...GUARD, ...body.slice(at)].join('\n')
}
