#!/usr/bin/env bash
# Builds the Release preset and runs the main example, installing any missing
# Debian packages first. Arguments are passed on to the example.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=cmake/install-deps.sh
source cmake/install-deps.sh

banner() {
    printf '\n==== %s ====\n' "$*"
}

banner "dependencies"
slakit_install_deps

banner "release: configure"
cmake --preset release
banner "release: build"
cmake --build --preset release -j "$(nproc 2>/dev/null || echo 2)"

demo=build/release/examples/sla_demo
if [[ ! -x $demo ]]; then
    echo "The main example ($demo) is not built: examples/sla_demo.cpp does not exist yet." >&2
    exit 1
fi

banner "sla_demo"
exec "$demo" "$@"
