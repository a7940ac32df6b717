# Sourced by test/run.sh: lets the Slurm tests run only against the project's own test Slurm, recognised for
# sure (ours.sh), since they cancel jobs and restart the controller, and any other Slurm may be a site's.
# Sets PCLUSTER_TEST_SLURM=1 and SLURM_CONF (ours) when they may run; otherwise clears both, says why, and
# under CI=true exits 1.
_slurm=test/integration/slurm
if _conf=$(bash "$_slurm/start-slurm.sh") && _why=$(bash "$_slurm/ours.sh" check 2>&1); then
  export PCLUSTER_TEST_SLURM=1 SLURM_CONF=$_conf
else
  unset PCLUSTER_TEST_SLURM
  if [ "${CI:-}" = true ]; then
    echo "test/run.sh: the project's test Slurm could not be started${_why:+ ($_why)}; its integration tests cannot run" >&2
    exit 1
  fi
  _note="test/run.sh: the Slurm tests are skipped: they run only against the project's own test Slurm, which is"
  _note+=" not up here (${_why:-start-slurm.sh said why at the start of the run}), never against another Slurm, as they cancel jobs and"
  _note+=" restart the controller"
  echo "$_note" >&2
  gate_notices+=("$_note") # test/run.sh says it again after the run
fi
unset _slurm _conf _why _note
