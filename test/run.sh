#!/usr/bin/env bash
# The whole test suite (`npm test`): build, bring up a real single-node Slurm when this machine can
# (root, Debian), then node's test runner over every compiled test file.
# Under CI=true a Slurm that cannot be started fails the run; elsewhere its tests are skipped with a notice.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run --silent build
if bash test/integration/slurm/start-slurm.sh; then
  export PCLUSTER_TEST_SLURM=1
elif [ "${CI:-}" = true ]; then
  echo "test/run.sh: could not start Slurm; its integration tests cannot run" >&2
  exit 1
else
  echo "test/run.sh: no Slurm here (needs root to install and start it): Slurm tests are skipped" >&2
fi
shopt -s globstar nullglob
files=(dist/test/**/*.test.js)
exec node --test --test-reporter=spec --test-timeout=300000 "${files[@]}"
