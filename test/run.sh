#!/usr/bin/env bash
# The whole test suite (`npm test`): build, bring up the project's own single-node test Slurm when this
# machine can (root, Debian), and the project's own single-node test Grid Engine the same way, then node's
# test runner over every compiled test file.
# The Slurm tests run only against that Slurm, never another one (gate.sh); under CI=true a test Slurm that
# cannot be started fails the run, elsewhere its tests are skipped with a notice; the same for Grid Engine.
# The run is hermetic: its own HOME, XDG dirs and PCLUSTER_CONFIG in a folder of its own, so that nothing it
# does reaches the user's own ~/.pcluster or ~/.local/state/pcluster; the folder is removed after a run that
# passed and kept, with its path said, after one that failed.
# Usage: test/run.sh [dist/test/.../x.test.js ...]   (default: every test file)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run --silent build
gate_notices=()
. test/integration/slurm/gate.sh
. test/integration/sge/gate.sh

run=$(mktemp -d "${TMPDIR:-/tmp}/pcluster-run.XXXXXX")
export HOME=$run/home XDG_STATE_HOME=$run/state XDG_CONFIG_HOME=$run/config XDG_CACHE_HOME=$run/cache \
  XDG_DATA_HOME=$run/data PCLUSTER_CONFIG=$run/config/pcluster.ini
mkdir -p "$HOME"

shopt -s globstar nullglob
files=("$@") # compiled test files to run instead of all: bash test/run.sh dist/test/unit/core/queue.test.js
[ $# -gt 0 ] || files=(dist/test/**/*.test.js)
rc=0
node --test --test-timeout=300000 --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=./dist/test/reporters/skipped.js --test-reporter-destination="$run/skipped.txt" "${files[@]}" || rc=$?

# after node's closing summary, which CI reads as it is: why each skipped test or suite was skipped, one line each
cat "$run/skipped.txt"
for note in "${gate_notices[@]}"; do echo "$note"; done
if [ "$rc" = 0 ]; then
  rm -rf "$run"
else
  echo "test/run.sh: the run's own HOME, state and config are kept in $run" >&2
fi
exit "$rc"
