#!/usr/bin/env bash
# The long reliability run (docs/reliability.md): bcf-core killed with SIGKILL at random moments
# while grid bots trade, 100 times (the suite runs 20): on the paper venue, then (--live, or
# --venue live) on the Binance venue against bcf-exchange-sim with balances compared with the
# simulator's. Needs a built tree (scripts/test.sh or cmake --build build/ci).
#   scripts/reliability.sh [--runs N] [--seed S] [--build-dir DIR] [--live]
set -euo pipefail
runs=100
seed=""
live=0
build_dir="$(cd "$(dirname "$0")/.." && pwd)/build/ci"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --seed) seed="$2"; shift 2 ;;
        --build-dir) build_dir="$2"; shift 2 ;;
        --live) live=1; shift ;;
        *) echo "usage: $0 [--runs N] [--seed S] [--build-dir DIR] [--live]" >&2; exit 2 ;;
    esac
done
binary="$build_dir/tests/test_reliability"
[[ $live -eq 1 ]] && binary="$build_dir/tests/test_live_venue"
if [[ ! -x "$binary" ]]; then
    echo "reliability: $binary is not built; run scripts/test.sh or cmake --build $build_dir first" >&2
    exit 2
fi
export BCF_RELIABILITY_RUNS="$runs" BCF_LIVE_RELIABILITY_RUNS="$runs"
[[ -n "$seed" ]] && export BCF_RELIABILITY_SEED="$seed"
export QT_QPA_PLATFORM=offscreen GRPC_VERBOSITY=ERROR
# Qt Test stops a test function after 5 minutes unless told otherwise.
export QTEST_FUNCTION_TIMEOUT=$(( runs * 20000 + 120000 ))
if [[ $live -eq 1 ]]; then
    exec "$binary" liveOrdersNeedAKey keysAreCheckedSealedAndNeverShown botsOnTheExchangeSurviveKills
fi
exec "$binary"
