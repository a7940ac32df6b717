#!/usr/bin/env bash
# Who the project's own test Slurm is (its folder, cluster name, ports, pid files, marker) and how to tell it,
# for sure, from any other Slurm on the machine: a site's production controller must never be touched.
# Sourced by start-slurm.sh for the names; run as a command by test/run.sh and the tests:
#   ours.sh conf                      print the SLURM_CONF of the test Slurm
#   ours.sh check                     exit 0 when the controller answering at that config is ours; else say why
#   ours.sh recognise OUT CONF MARKER the same decision on a saved `scontrol show config` (for unit tests)
#   ours.sh stop-controller           check, then stop our slurmctld (by our pid file, never by name)

OURS_ETC=/etc/slurm-pcluster-test
OURS_CONF=$OURS_ETC/slurm.conf
OURS_MARKER=$OURS_ETC/pcluster-test-slurm.marker
OURS_CLUSTER=pclustertest
# Never Slurm's defaults (6817-6819), so ours runs beside a site's Slurm without either noticing the other.
OURS_CTLD_PORT=6917
OURS_SLURMD_PORT=6918
OURS_DBD_PORT=6919
OURS_RUN=/run/pcluster-test-slurm
OURS_LIB=/var/lib/pcluster-test-slurm
OURS_LOG=/var/log/pcluster-test-slurm
OURS_DB=pcluster_test_acct_db
OURS_DB_USER=pcluster_test

# One value from `scontrol show config` output (lines `Key    = value`).
ours_field() { sed -n "s/^$1 *= *//p" "$2" | head -n 1; }

# The marker's token; start-slurm.sh writes it to the marker and, as a comment, into the slurm.conf it writes.
ours_token() { [ -r "$1" ] && sed -n 's/^token=\([A-Za-z0-9]\{16,\}\)$/\1/p' "$1" | head -n 1 || true; }

# Is the controller that produced this `scontrol show config` output the one our marked config describes?
# Silent and 0 when it is; otherwise one line on stderr saying why not, and 1.
ours_recognise() {
  local out=$1 conf=$2 marker=$3 token got
  token=$(ours_token "$marker")
  if [ -z "$token" ]; then echo "no marker with a token at $marker (start-slurm.sh writes it)" >&2; return 1; fi
  if ! grep -qxF "# pcluster-test-slurm token=$token" "$conf" 2>/dev/null; then
    echo "$conf does not carry the token of $marker: not written by start-slurm.sh" >&2; return 1
  fi
  got="ClusterName=$(ours_field ClusterName "$out") SlurmctldPort=$(ours_field SlurmctldPort "$out")"
  got+=" SLURM_CONF=$(ours_field SLURM_CONF "$out") SlurmctldPidFile=$(ours_field SlurmctldPidFile "$out")"
  local want="ClusterName=$OURS_CLUSTER SlurmctldPort=$OURS_CTLD_PORT SLURM_CONF=$OURS_CONF SlurmctldPidFile=$OURS_RUN/slurmctld.pid"
  if [ "$got" != "$want" ]; then
    echo "the controller that answers reports $got; the project's test Slurm would report $want" >&2; return 1
  fi
}

ours_check() {
  local out host rc=0
  if [ ! -f "$OURS_CONF" ]; then echo "no $OURS_CONF (start-slurm.sh writes it)" >&2; return 1; fi
  # scontrol takes about 9 s to give up on a closed port; asking the port first makes "not up" quick
  host=$(sed -n 's/^SlurmctldHost=\([^ (#]*\).*/\1/p' "$OURS_CONF" | head -n 1)
  if ! timeout 2 bash -c "exec 3<>/dev/tcp/$host/$OURS_CTLD_PORT" 2>/dev/null; then
    echo "no controller listens on $host:$OURS_CTLD_PORT" >&2; return 1
  fi
  out=$(mktemp)
  SLURM_CONF=$OURS_CONF timeout 10 scontrol show config >"$out" 2>/dev/null || rc=$?
  if [ "$rc" != 0 ]; then rm -f "$out"; echo "no controller answers at $OURS_CONF (scontrol exit $rc)" >&2; return 1; fi
  ours_recognise "$out" "$OURS_CONF" "$OURS_MARKER" || rc=$?
  rm -f "$out"
  return "$rc"
}

# The pid in our pid file for this daemon, only if that process is this daemon started with our config
# (a pid file can outlive its process, and the pid be reused, even by a site's daemon of the same name).
ours_daemon_pid() {
  local name=$1 pid
  pid=$(cat "$OURS_RUN/$name.pid" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$name" ] || return 1
  # slurmctld and slurmd get `-f CONF`; slurmdbd has no -f and finds its config beside SLURM_CONF
  tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qxF "$OURS_CONF" \
    || tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qxF "SLURM_CONF=$OURS_CONF" || return 1
  echo "$pid"
}

ours_stop_controller() {
  local pid
  ours_check || { echo "ours.sh: not stopping any slurmctld" >&2; return 1; }
  pid=$(ours_daemon_pid slurmctld) || {
    echo "ours.sh: $OURS_RUN/slurmctld.pid does not name a slurmctld started with $OURS_CONF; not stopping any" >&2; return 1
  }
  kill -TERM "$pid"
  for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
  echo "ours.sh: slurmctld $pid still runs 30 s after SIGTERM" >&2; return 1
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  case "${1:-}" in
    conf) echo "$OURS_CONF" ;;
    check) ours_check ;;
    recognise) ours_recognise "$2" "$3" "$4" ;;
    stop-controller) ours_stop_controller ;;
    *) echo "usage: ours.sh conf|check|recognise OUT CONF MARKER|stop-controller" >&2; exit 2 ;;
  esac
fi
