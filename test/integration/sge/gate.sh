# Sourced by test/run.sh: lets the Grid Engine tests run only against the project's own test Grid Engine,
# recognised for sure (ours.sh check: the marker token in our qmaster's environment, our pid file, the port),
# since they delete jobs, and any other Grid Engine may be a site's. Sets PCLUSTER_TEST_SGE=1 when they may
# run (the tests take SGE_ROOT, SGE_CELL and PATH from `ours.sh env` themselves, so no other test sees them);
# otherwise clears it, says why, and under CI=true exits 1.
_sge=test/integration/sge
if bash "$_sge/start-sge.sh" && _why=$(bash "$_sge/ours.sh" check 2>&1); then
  export PCLUSTER_TEST_SGE=1
else
  unset PCLUSTER_TEST_SGE
  [ -n "${_why:-}" ] || [ "$(id -u)" = 0 ] || _why="not root: only root can start it and recognise it"
  if [ "${CI:-}" = true ]; then
    echo "test/run.sh: the project's test Grid Engine could not be started${_why:+ ($_why)}; its integration tests cannot run" >&2
    exit 1
  fi
  _note="test/run.sh: the Grid Engine tests are skipped: they run only against the project's own test Grid Engine,"
  _note+=" which cannot be used here (${_why:-start-sge.sh said why at the start of the run}), never against another one, as they delete jobs"
  echo "$_note" >&2
  gate_notices+=("$_note") # test/run.sh says it again after the run
fi
unset _sge _why _note
