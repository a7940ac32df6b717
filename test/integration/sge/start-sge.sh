#!/usr/bin/env bash
# Installs (Debian's gridengine 8.1.9 packages) and starts the project's own single-node test Grid Engine:
# qmaster + execd from the real binaries under /usr/lib/gridengine, configured as shared/notes/sge.md says
# (host aliases, min_uid 0, a 1 s scheduler, accounting flushed at once, all.q, PEs smp/make/mpi).
# Idempotent: starts only what is not running and rewrites settings only when they differ. Never touches a
# Grid Engine it did not set up: one whose cell carries no marker of ours, or a qmaster it did not start.
# Needs root. Usage: start-sge.sh   (exit 0 once our Grid Engine answers and ran a smoke job; else says why, 1)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=ours.sh
. "$here/ours.sh"

log() { printf 'start-sge: %s\n' "$*" >&2; }
host=$(hostname)
queue_ok() { ours timeout 10 qstat -f -q "all.q@$host" 2>/dev/null | awk -v q="all.q@$host" '$1 == q { found = 1; if (NF >= 6) bad = 1 } END { exit !(found && !bad) }'; }
up() { log "the project's test Grid Engine is up (SGE_ROOT=$OURS_ROOT, cell $OURS_CELL, queue all.q@$host)"; exit 0; }

# PCLUSTER_TEST_SGE_RECONFIGURE=1 goes through every step even when all is up
if [ "${PCLUSTER_TEST_SGE_RECONFIGURE:-}" != 1 ] && ours_check 2>/dev/null && ours_daemon_pid sge_execd >/dev/null && queue_ok; then up; fi
if [ "$(id -u)" != 0 ]; then log "not root: cannot install or start the project's test Grid Engine"; exit 1; fi
# Another qmaster on the port (a site's, or one started by hand): never start ours beside it.
if ss -Hltn "sport = :$OURS_QMASTER_PORT" 2>/dev/null | grep -q . && ! ours_daemon_pid sge_qmaster >/dev/null; then
  log "another Grid Engine qmaster listens on port $OURS_QMASTER_PORT: not starting the project's test Grid Engine beside it"
  exit 1
fi

installed_now=
if [ ! -x "$OURS_BIN/sge_qmaster" ] || [ ! -x "$OURS_BIN/sge_execd" ] || [ ! -x "$OURS_BIN/qsub" ]; then
  command -v apt-get >/dev/null || { log "no apt-get: installing Grid Engine is only scripted for Debian"; exit 1; }
  if [ -d "$OURS_COMMON" ] && [ -z "$(ours_token)" ]; then
    log "$OURS_COMMON exists without our marker: a Grid Engine set up by someone else; not touching it"; exit 1
  fi
  for _ in $(seq 300); do fuser /var/lib/dpkg/lock-frontend >/dev/null 2>&1 || break; sleep 1; done
  # Post-install scripts try to start the daemons; policy-rc.d stops them trying (kept when one exists).
  made_policy=
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; made_policy=1
  fi
  log "installing gridengine-master gridengine-exec gridengine-client"
  debconf-set-selections <<SEL
gridengine-common shared/gridengineconfig boolean true
gridengine-common shared/gridenginecell string $OURS_CELL
gridengine-common shared/gridenginemaster string $host
SEL
  export DEBIAN_FRONTEND=noninteractive
  pkgs=(gridengine-master gridengine-exec gridengine-client)
  apt-get install -y -qq "${pkgs[@]}" </dev/null >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null && apt-get install -y -qq "${pkgs[@]}" </dev/null >/dev/null; }
  [ -z "$made_policy" ] || rm -f /usr/sbin/policy-rc.d
  installed_now=1
fi

# The cell is ours when we just installed it or it carries our marker; anything else is someone's.
token=$(ours_token)
if [ -z "$token" ]; then
  if [ -z "$installed_now" ]; then
    log "Grid Engine is installed here but $OURS_MARKER is missing: not set up by start-sge.sh, not touching it"; exit 1
  fi
  token=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20)
  mkdir -p "$OURS_COMMON"
  printf '# the project'"'"'s test Grid Engine (test/integration/sge/start-sge.sh); its qmaster runs with this token\ntoken=%s\n' \
    "$token" >"$OURS_MARKER"
fi

# The host name must resolve (notes, step 0).
getent hosts "$host" >/dev/null || echo "127.0.0.1 $host" >>/etc/hosts
if [ ! -d /var/spool/gridengine/spooldb ]; then
  su -s /bin/sh -c "/usr/share/gridengine/scripts/init_cluster $OURS_ROOT $OURS_CELL /var/spool/gridengine/spooldb sgeadmin" sgeadmin >/dev/null
fi

# Writes a file only when its text changes.
put() {
  local path=$1 text
  text=$(cat)
  [ "$(cat "$path" 2>/dev/null)" = "$text" ] && return 0
  printf '%s\n' "$text" >"$path.new"; chown sgeadmin: "$path.new" 2>/dev/null || true; mv "$path.new" "$path"
}
# Every name 127.0.0.1 has plus localhost is the host itself, or each client is "access denied" (gotcha 1).
aliases=$(awk -v h="$host" '$1 == "127.0.0.1" || $1 == "127.0.1.1" { for (i = 2; i <= NF; i++) if ($i != h) print $i }' /etc/hosts | sort -u | tr '\n' ' ')
put "$OURS_COMMON/act_qmaster" <<<"$host"
put "$OURS_COMMON/host_aliases" <<<"$host localhost ${aliases% }"

# Daemons get a clean environment (jobs inherit execd's: gotcha 5), our pid file, and the token that marks them ours.
# the daemons write their pid files after dropping to sgeadmin
mkdir -p "$OURS_RUN"; chown sgeadmin: "$OURS_RUN"
start_daemon() {
  local name=$1 pidvar=$2
  ours_daemon_pid "$name" >/dev/null && return 0
  env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
    SGE_ROOT="$OURS_ROOT" SGE_CELL="$OURS_CELL" SGE_ARCH=lx-amd64 PCLUSTER_TEST_SGE_TOKEN="$token" \
    "$pidvar=$OURS_RUN/$name.pid" "$OURS_BIN/$name" </dev/null >/dev/null 2>&1
}
start_daemon sge_qmaster SGE_QMASTER_PIDFILE
for _ in $(seq 100); do ours_check 2>/dev/null && break; sleep 0.2; done
ours_check || { log "the qmaster did not come up: see /var/spool/gridengine/qmaster/messages"; exit 1; }

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# qconf says "added ..." on stderr when it works: shown only when it fails
quiet() { local out; out=$("$@" 2>&1) || { log "$*: $out"; return 1; }; }
# Settings rewritten only when they differ (each -M* makes the qmaster log and reread).
# qconf -s* continues long values on the next line after a backslash: one line per key before editing
joined() { sed -e ':a' -e '/\\$/N; s/\\\n[[:space:]]*/ /; ta' | awk '{ $1 = $1; print }'; }
set_keys() { # FILE KEY VALUE...: sets each key's value in a `key value` file
  local file=$1; shift
  while [ $# -gt 0 ]; do
    awk -v k="$1" -v v="$2" '$1 == k { print k, v; done = 1; next } { print } END { if (!done) print k, v }' \
      "$file" >"$file.t" && mv "$file.t" "$file"
    shift 2
  done
}
ours qconf -sconf global | joined >"$tmp/global.now"; cp "$tmp/global.now" "$tmp/global"
# min_uid 0: root's jobs are refused otherwise (gotcha 2); accounting_flush_time=0: qacct at once (gotcha 4)
set_keys "$tmp/global" min_uid 0 min_gid 0 load_report_time 00:00:10 \
  reporting_params 'accounting=true reporting=false flush_time=00:00:15 accounting_flush_time=00:00:00 joblog=false sharelog=00:00:00'
cmp -s "$tmp/global.now" "$tmp/global" || quiet ours qconf -Mconf "$tmp/global"
ours qconf -ssconf | joined >"$tmp/sched.now"; cp "$tmp/sched.now" "$tmp/sched"
# a 1 s scheduler: a trivial job takes ~1 s instead of ~30 s (gotcha 3, timings)
set_keys "$tmp/sched" schedule_interval 0:0:1 flush_submit_sec 1 flush_finish_sec 1
cmp -s "$tmp/sched.now" "$tmp/sched" || quiet ours qconf -Msconf "$tmp/sched"
ours qconf -ss 2>/dev/null | grep -qxF "$host" || quiet ours qconf -as "$host"
if ! ours qconf -se "$host" >/dev/null 2>&1; then
  printf '%s\n' "hostname $host" 'load_scaling NONE' 'complex_values NONE' 'user_lists NONE' 'xuser_lists NONE' \
    'projects NONE' 'xprojects NONE' 'usage_scaling NONE' 'report_variables NONE' >"$tmp/exechost"
  quiet ours qconf -Ae "$tmp/exechost"
fi
if ! ours qconf -shgrp @allhosts >/dev/null 2>&1; then
  printf 'group_name @allhosts\nhostlist %s\n' "$host" >"$tmp/allhosts"; quiet ours qconf -Ahgrp "$tmp/allhosts"
fi
for pe in smp make mpi; do
  ours qconf -sp "$pe" >/dev/null 2>&1 || quiet ours qconf -Ap "/usr/share/gridengine/util/resources/pe/$pe"
done
slots=$(nproc); [ "$slots" -ge 4 ] || slots=4
# load_thresholds NONE: a busy 2-core machine would otherwise put all.q in alarm and stop dispatching (gotcha 14)
if ours qconf -sq all.q 2>/dev/null | joined >"$tmp/q.now" && [ -s "$tmp/q.now" ]; then
  cp "$tmp/q.now" "$tmp/all.q"; set_keys "$tmp/all.q" hostlist @allhosts slots "$slots" load_thresholds NONE
  cmp -s "$tmp/q.now" "$tmp/all.q" || quiet ours qconf -Mq "$tmp/all.q"
else
  ours qconf -sq | joined >"$tmp/all.q"; set_keys "$tmp/all.q" qname all.q hostlist @allhosts slots "$slots" load_thresholds NONE
  quiet ours qconf -Aq "$tmp/all.q"
fi

start_daemon sge_execd SGE_EXECD_PIDFILE
for _ in $(seq 150); do queue_ok && break; sleep 0.2; done
# clear error/disabled states an earlier run may have left
ours qmod -c all.q >/dev/null 2>&1 || true; ours qmod -e all.q >/dev/null 2>&1 || true
queue_ok || { log "the execd did not report all.q@$host: $(ours qstat -f 2>&1 | tail -n 3)"; exit 1; }
if ! ours timeout 60 qsub -sync y -b y -o /dev/null -e /dev/null -N pcluster_start_smoke true >/dev/null 2>&1; then
  log "the smoke job did not run"; exit 1
fi
up
