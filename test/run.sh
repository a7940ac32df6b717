#!/usr/bin/env bash
# The whole test suite (`npm test`): build, bring up the project's own single-node test Slurm when this
# machine can (root, Debian), and the project's own single-node test Grid Engine the same way, then node's
# test runner over every compiled test file.
# The Slurm tests run only against that Slurm, never another one (gate.sh); under CI=true a test Slurm that
# cannot be started fails the run, elsewhere its tests are skipped with a notice; the same for Grid Engine.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run --silent build
. test/integration/slurm/gate.sh
. test/integration/sge/gate.sh
shopt -s globstar nullglob
files=(dist/test/**/*.test.js)
exec node --test --test-reporter=spec --test-timeout=300000 "${files[@]}"
