#!/usr/bin/env bash
# Runs the product: installs what is missing, builds, starts the local stack on loopback and opens
# the workstation. Pass --headless to run only the servers. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset dev >/dev/null
cmake --build --preset dev --target bcf-core bcf-compute bcfctl bcf-exchange-sim botcriptofy
exec scripts/local-stack.sh --build-dir build/dev "$@"
