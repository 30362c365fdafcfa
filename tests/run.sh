#!/usr/bin/env bash
# Builds and tests slakit in the Release (with the Python bindings' pytest suite)
# and ASan+UBSan presets, then runs the fuzz stage (libFuzzer targets, each
# briefly), installing any missing Debian packages first.
#
#   tests/run.sh            # release, asan, then fuzz
#   tests/run.sh asan       # only the named stage(s): dev, release, asan, fuzz
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=cmake/install-deps.sh
source cmake/install-deps.sh

banner() {
    printf '\n==== %s ====\n' "$*"
}

known_presets=(dev release asan fuzz)
presets=("$@")
if ((${#presets[@]} == 0)); then
    presets=(release asan fuzz)
fi
for preset in "${presets[@]}"; do
    if [[ " ${known_presets[*]} " != *" $preset "* ]]; then
        echo "error: unknown preset '$preset' (choose from: ${known_presets[*]})" >&2
        exit 2
    fi
done

jobs=$(nproc 2>/dev/null || echo 2)

banner "dependencies"
slakit_install_deps "${SLAKIT_DEB_PACKAGES[@]}" "${SLAKIT_DEB_PYTHON_PACKAGES[@]}" "${SLAKIT_DEB_BROWSER_PACKAGES[@]}"

# clang++-14 with libFuzzer: each target fuzzes a copy of its committed corpus
# for 12 s (SLAKIT_FUZZ_SECONDS; 20 s by default when built by hand), two at a time:
# with nine targets the whole suite stays under 20 minutes on 2 cores. Longer runs:
# tests/fuzz/run_long.sh.
run_fuzz_stage() {
    local started=$SECONDS
    banner "fuzz: configure"
    cmake --preset fuzz -DSLAKIT_FUZZ_SECONDS=12
    banner "fuzz: build"
    cmake --build --preset fuzz -j "$jobs"
    banner "fuzz: run each target"
    ctest --preset fuzz -j "$jobs"
    echo "fuzz stage took $((SECONDS - started)) s"
}

for preset in "${presets[@]}"; do
    if [[ $preset == fuzz ]]; then
        run_fuzz_stage
        continue
    fi
    banner "$preset: configure"
    cmake --preset "$preset"
    banner "$preset: build"
    cmake --build --preset "$preset" -j "$jobs"
    banner "$preset: test"
    ctest --preset "$preset" -j "$jobs"
done

banner "all green: ${presets[*]}"
