#!/usr/bin/env bash
# Installs (Debian packages) and starts the project's own single-node test Slurm with accounting, beside any
# other Slurm on the machine: its own config folder, cluster name, ports, pid files, state and database
# (ours.sh names them). It never writes /etc/slurm and never starts or stops a daemon it did not start.
# Idempotent: starts only those of its daemons that are not running. Needs root. Recipe: shared/notes/slurm.md.
# Usage: start-slurm.sh   (prints the SLURM_CONF to use and exits 0 once our Slurm answers and is recognised;
#                          otherwise says why on stderr and exits non-zero)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=ours.sh
. "$here/ours.sh"

log() { printf 'start-slurm: %s\n' "$*" >&2; }
ours() { SLURM_CONF=$OURS_CONF "$@"; }
ours_answers() { ours_check 2>/dev/null && ours timeout 5 sinfo -h -o '%T' 2>/dev/null | grep -Eq '^(idle|mixed|allocated)'; }
up() { log "the project's test Slurm is up (cluster $OURS_CLUSTER, port $OURS_CTLD_PORT)"; echo "$OURS_CONF"; exit 0; }

if ours_answers; then up; fi
if [ "$(id -u)" != 0 ]; then
  if timeout 5 scontrol show config >/dev/null 2>&1; then
    log "a Slurm answers here (SLURM_CONF=${SLURM_CONF:-its default}) but it is not the project's test Slurm, and starting that one needs root"
  else
    log "not root: cannot install or start the project's test Slurm"
  fi
  exit 1
fi
# Root on a machine where another Slurm answers (a site's login or compute node): starting ours beside it
# would install packages and run a second slurmd there. Only when asked to.
if [ "${PCLUSTER_TEST_SLURM_BESIDE:-}" != 1 ] && env -u SLURM_CONF timeout 5 scontrol show config >/dev/null 2>&1; then
  log "another Slurm answers here: not starting the project's test Slurm beside it (PCLUSTER_TEST_SLURM_BESIDE=1 does, on its own ports and config folder)"
  exit 1
fi
# A folder of that name that we did not write is someone else's: leave it alone.
if [ -e "$OURS_CONF" ] && ! { t=$(ours_token "$OURS_MARKER") && [ -n "$t" ] && grep -qxF "# pcluster-test-slurm token=$t" "$OURS_CONF"; }; then
  log "$OURS_CONF exists but carries no token of $OURS_MARKER: not ours, not touching it"; exit 1
fi

if ! command -v slurmctld >/dev/null || ! command -v slurmdbd >/dev/null || ! command -v munged >/dev/null \
   || ! command -v mariadbd >/dev/null; then
  command -v apt-get >/dev/null || { log "no apt-get: installing Slurm is only scripted for Debian"; exit 1; }
  # Package post-install scripts try to start services; without systemd they fail. policy-rc.d stops them
  # trying; one the machine already has is kept as it is.
  made_policy=
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; made_policy=1
  fi
  log "installing slurm-wlm slurmdbd munge mariadb-server"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq slurm-wlm slurmdbd munge mariadb-server >/dev/null
  [ -z "$made_policy" ] || rm -f /usr/sbin/policy-rc.d
fi

host=$(hostname)
cores=8
mem=8000

# munge: shared with any Slurm already here (one key per machine is how munge works)
mkdir -p /run/munge; chown munge:munge /run/munge
[ -f /etc/munge/munge.key ] || { dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null; chown munge:munge /etc/munge/munge.key; chmod 400 /etc/munge/munge.key; }
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  su -s /bin/sh munge -c /usr/sbin/munged
  for _ in $(seq 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
fi

# mariadb: shared too when one runs, with a database and user of our own
mkdir -p /run/mysqld; chown mysql:mysql /run/mysqld
if ! mariadb -e 'select 1' >/dev/null 2>&1; then
  (setsid mariadbd --user=mysql >/var/log/pcluster-mariadb.log 2>&1 &)
  for _ in $(seq 150); do mariadb -e 'select 1' >/dev/null 2>&1 && break; sleep 0.2; done
fi

mkdir -p "$OURS_ETC" "$OURS_LIB/slurmctld" "$OURS_LIB/slurmd" "$OURS_LOG" "$OURS_RUN"
chown -R slurm:slurm "$OURS_LIB" "$OURS_LOG" "$OURS_RUN"

# The token marks the config as ours (ours.sh checks it); kept across runs, new on a fresh machine.
token=$(ours_token "$OURS_MARKER")
if [ -z "$token" ]; then
  token=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20)
  printf '# the project'"'"'s test Slurm (test/integration/slurm/start-slurm.sh); its slurm.conf carries the same token\ntoken=%s\n' \
    "$token" >"$OURS_MARKER"
fi
dbpass=$(sed -n 's/^StoragePass=//p' "$OURS_ETC/slurmdbd.conf" 2>/dev/null || true)
[ -n "$dbpass" ] || dbpass=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
mariadb -e "CREATE DATABASE IF NOT EXISTS $OURS_DB;
  CREATE USER IF NOT EXISTS '$OURS_DB_USER'@'localhost' IDENTIFIED BY '$dbpass';
  ALTER USER '$OURS_DB_USER'@'localhost' IDENTIFIED BY '$dbpass';
  GRANT ALL ON $OURS_DB.* TO '$OURS_DB_USER'@'localhost'; FLUSH PRIVILEGES;"

# Writes a file only when its text changes (a running daemon keeps what it read), via a rename.
put() {
  local path=$1 mode=$2 text
  text=$(cat)
  [ "$(cat "$path" 2>/dev/null)" = "$text" ] && return 0
  printf '%s\n' "$text" >"$path.new"; chown slurm:slurm "$path.new"; chmod "$mode" "$path.new"; mv "$path.new" "$path"
}

# slurmdbd has no -f: it reads slurmdbd.conf from the folder of SLURM_CONF.
put "$OURS_ETC/slurmdbd.conf" 600 <<CONF
# pcluster-test-slurm token=$token
AuthType=auth/munge
DbdHost=localhost
DbdPort=$OURS_DBD_PORT
SlurmUser=slurm
PidFile=$OURS_RUN/slurmdbd.pid
LogFile=$OURS_LOG/slurmdbd.log
StorageType=accounting_storage/mysql
StorageHost=localhost
StorageUser=$OURS_DB_USER
StoragePass=$dbpass
StorageLoc=$OURS_DB
CONF

put "$OURS_CONF" 644 <<CONF
# pcluster-test-slurm token=$token
# The project's test Slurm, written by test/integration/slurm/start-slurm.sh; the tests may restart it.
ClusterName=$OURS_CLUSTER
SlurmctldHost=$host
SlurmctldPort=$OURS_CTLD_PORT
SlurmdPort=$OURS_SLURMD_PORT
SlurmUser=slurm
AuthType=auth/munge
StateSaveLocation=$OURS_LIB/slurmctld
SlurmdSpoolDir=$OURS_LIB/slurmd
SlurmctldPidFile=$OURS_RUN/slurmctld.pid
SlurmdPidFile=$OURS_RUN/slurmd.pid
SlurmctldLogFile=$OURS_LOG/slurmctld.log
SlurmdLogFile=$OURS_LOG/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=100
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=2,bf_interval=2
MinJobAge=300
ReturnToService=2
SlurmdParameters=config_overrides
NodeName=$host CPUs=$cores RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
PartitionName=short Nodes=$host MaxTime=00:10:00 State=UP
AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=localhost
AccountingStoragePort=$OURS_DBD_PORT
CONF

# Each daemon gets our config in its environment (and -f where it takes one), which is also how
# ours_daemon_pid later tells it from a site's daemon of the same name.
ours_daemon_pid slurmdbd >/dev/null || ours /usr/sbin/slurmdbd
for _ in $(seq 100); do ours sacctmgr -n show cluster >/dev/null 2>&1 && break; sleep 0.2; done
ours_daemon_pid slurmctld >/dev/null || ours /usr/sbin/slurmctld -f "$OURS_CONF"
ours_daemon_pid slurmd >/dev/null || ours /usr/sbin/slurmd -f "$OURS_CONF"
for _ in $(seq 150); do ours_answers && up; sleep 0.2; done
ours scontrol update nodename="$host" state=resume >/dev/null 2>&1 || true
ours_answers && up
log "the project's test Slurm did not come up: $(ours_check 2>&1 || true); see $OURS_LOG/"
exit 1
