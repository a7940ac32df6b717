#!/usr/bin/env bash
# Who the project's own test Grid Engine is (its cell, pid files, marker token) and how to tell it, for sure,
# from any other Grid Engine on the machine: a site's qmaster must never be touched by the tests.
# Sourced by start-sge.sh for the names; run as a command by test/run.sh and the tests:
#   ours.sh env     print the environment lines (SGE_ROOT, SGE_CELL, PATH) that reach our Grid Engine
#   ours.sh check   exit 0 when the qmaster that answers is ours; else say why on stderr, exit 1
# Recipe and every gotcha: shared/notes/sge.md (Debian gridengine 8.1.9).

OURS_ROOT=/var/lib/gridengine
OURS_CELL=default
OURS_COMMON=$OURS_ROOT/$OURS_CELL/common
OURS_MARKER=$OURS_COMMON/pcluster-test-sge.marker
OURS_RUN=/run/pcluster-test-sge
# The real binaries: 0.02 s a call against 0.2 s for Debian's /usr/bin wrappers (notes, "Quick use").
OURS_BIN=/usr/lib/gridengine
OURS_QMASTER_PORT=6444

ours_env() { printf 'SGE_ROOT=%s\nSGE_CELL=%s\nPATH=%s\n' "$OURS_ROOT" "$OURS_CELL" "$OURS_BIN:$PATH"; }
ours() { SGE_ROOT=$OURS_ROOT SGE_CELL=$OURS_CELL PATH=$OURS_BIN:$PATH "$@"; }

# The marker's token; start-sge.sh writes it, and starts our qmaster with it in its environment.
ours_token() { [ -r "$OURS_MARKER" ] && sed -n 's/^token=\([A-Za-z0-9]\{16,\}\)$/\1/p' "$OURS_MARKER" | head -n 1 || true; }

# The pid in our pid file for this daemon, only if that process is this daemon, alive (not a zombie: notes,
# gotcha 7), and started by start-sge.sh with our token (a pid can be reused, even by a site's daemon).
ours_daemon_pid() {
  local name=$1 pid token
  token=$(ours_token); [ -n "$token" ] || return 1
  pid=$(cat "$OURS_RUN/$name.pid" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$name" ] || return 1
  [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != Z ] || return 1
  tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qxF "PCLUSTER_TEST_SGE_TOKEN=$token" || return 1
  echo "$pid"
}

# Ours for sure: the marker has a token, our qmaster (by pid file, name and token) is alive and is the
# process listening on the qmaster port, and it answers qstat.
ours_check() {
  local pid
  if [ -z "$(ours_token)" ]; then echo "no marker with a token at $OURS_MARKER (start-sge.sh writes it)" >&2; return 1; fi
  pid=$(ours_daemon_pid sge_qmaster) || { echo "no sge_qmaster started by start-sge.sh runs ($OURS_RUN/sge_qmaster.pid)" >&2; return 1; }
  if ! ss -Hltnp "sport = :$OURS_QMASTER_PORT" 2>/dev/null | grep -q "pid=$pid,"; then
    echo "port $OURS_QMASTER_PORT is not held by our sge_qmaster (pid $pid)" >&2; return 1
  fi
  ours timeout 10 qstat >/dev/null 2>&1 || { echo "our sge_qmaster (pid $pid) does not answer qstat" >&2; return 1; }
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  case "${1:-}" in
    env) ours_env ;;
    check) ours_check ;;
    *) echo "usage: ours.sh env|check" >&2; exit 2 ;;
  esac
fi
