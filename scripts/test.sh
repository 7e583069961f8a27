#!/usr/bin/env bash
# Runs the whole test suite: installs what is missing, builds everything (warnings are errors),
# then runs every test under CTest. The tests start their own PostgreSQL and Redis.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset ci
cmake --build --preset ci
ctest --preset ci --parallel 2
