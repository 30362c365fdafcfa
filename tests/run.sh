#!/usr/bin/env bash
# Builds and tests slakit in the Release and ASan+UBSan presets, installing any
# missing Debian packages first.
#
#   tests/run.sh            # every preset below
#   tests/run.sh asan       # only the named preset(s): dev, release, asan
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=cmake/install-deps.sh
source cmake/install-deps.sh

banner() {
    printf '\n==== %s ====\n' "$*"
}

known_presets=(dev release asan)
presets=("$@")
if ((${#presets[@]} == 0)); then
    presets=(release asan)
fi
for preset in "${presets[@]}"; do
    if [[ " ${known_presets[*]} " != *" $preset "* ]]; then
        echo "error: unknown preset '$preset' (choose from: ${known_presets[*]})" >&2
        exit 2
    fi
done

jobs=$(nproc 2>/dev/null || echo 2)

banner "dependencies"
slakit_install_deps

for preset in "${presets[@]}"; do
    banner "$preset: configure"
    cmake --preset "$preset"
    banner "$preset: build"
    cmake --build --preset "$preset" -j "$jobs"
    banner "$preset: test"
    ctest --preset "$preset" -j "$jobs"
done

banner "all green: ${presets[*]}"
