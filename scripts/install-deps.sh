#!/usr/bin/env bash
# Installs every Debian 12 package that the build, the local stack and the tests need.
# Idempotent: packages already present are skipped, so running it again is cheap.
# Usage: scripts/install-deps.sh [--dry-run]
set -euo pipefail

packages=(
    # toolchain
    build-essential cmake ninja-build ccache pkg-config git
    # Qt 6 and GUI libraries
    qt6-base-dev qt6-charts-dev qt6-websockets-dev qt6-tools-dev qt6-tools-dev-tools
    qt6-l10n-tools qt6-translations-l10n libqcustomplot-dev libqscintilla2-qt6-dev qtkeychain-qt6-dev qt6-httpserver-dev
    libgl-dev fonts-dejavu-core
    # servers' libraries
    libpqxx-dev libpq-dev libgrpc++-dev libgrpc-dev protobuf-compiler-grpc libprotobuf-dev
    protobuf-compiler libssl-dev libsodium-dev libhiredis-dev prometheus-cpp-dev
    libspdlog-dev libfmt-dev libtomlplusplus-dev libcli11-dev libsystemd-dev libzip-dev
    libsimdjson-dev
    # machine learning: LibTorch with a threaded OpenBLAS (reference BLAS is ~7x slower)
    libtorch-dev libopenblas0-pthread
    # local stack and tests
    postgresql-15 postgresql-client-15 redis-server openssl
    libbenchmark-dev xvfb xauth imagemagick
)

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "install-deps: all ${#packages[@]} packages are installed"
    exit 0
fi

echo "install-deps: installing ${#missing[@]} missing packages: ${missing[*]}"
if [[ "${1:-}" == "--dry-run" ]]; then
    exit 0
fi

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
    sudo_cmd=(sudo)
fi

export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"

# Debian's postgresql-common creates a cluster and starts it; the project runs its own private
# clusters, so the system one is not needed. It is left alone if an admin already uses it.
