#!/usr/bin/env bash
# Long local fuzzing: builds the fuzz preset, then runs each fuzz target for the
# given number of seconds (default 600), one after the other, from a corpus kept
# in the build tree (seeded from tests/fuzz/corpus/<target>/, never written to).
#
#   tests/fuzz/run_long.sh                      # every target, 600 s each
#   tests/fuzz/run_long.sh 3600 calendar_oracle # one target for an hour
#
# Environment:
#   SLAKIT_FUZZ_BUILD_DIR  build folder (default: build/fuzz, the preset's)
#   SLAKIT_FUZZ_NICE       niceness of the fuzzers (default 19: share the machine)
#   SLAKIT_FUZZ_ARGS       extra libFuzzer flags, e.g. "-runs=10000000", or
#                          "-fork=2 -runs=10000000" to keep both cores busy: with
#                          -fork=N, libFuzzer runs N child fuzzers on the shared corpus
#                          and counts the executions of all of them against -runs
#
# The corpus grows across runs in <build>/tests/fuzz/long/<target>/corpus. A crash
# stops that target and leaves the input in .../artifacts/; replay it with
#   <build>/tests/fuzz/fuzz_<target> <input>
# A tests/fuzz/<target>.dict, when there is one, is given to libFuzzer as -dict.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."

seconds=${1:-600}
shift || true
if ! [[ $seconds =~ ^[0-9]+$ ]] || ((seconds == 0)); then
    echo "usage: tests/fuzz/run_long.sh [seconds] [target...]" >&2
    exit 2
fi

build_dir=${SLAKIT_FUZZ_BUILD_DIR:-build/fuzz}
niceness=${SLAKIT_FUZZ_NICE:-19}
read -r -a extra_args <<<"${SLAKIT_FUZZ_ARGS:-}"

targets=("$@")
if ((${#targets[@]} == 0)); then
    for source in tests/fuzz/*.cpp; do
        name=${source##*/}
        targets+=("${name%.cpp}")
    done
fi

cmake --preset fuzz -B "$build_dir"
cmake --build "$build_dir" -j "$(nproc 2>/dev/null || echo 2)"

failed=()
summary=()
for target in "${targets[@]}"; do
    fuzzer="$build_dir/tests/fuzz/fuzz_$target"
    if [[ ! -x $fuzzer ]]; then
        echo "error: no fuzz target '$target' ($fuzzer)" >&2
        exit 2
    fi
    work="$build_dir/tests/fuzz/long/$target"
    mkdir -p "$work/corpus" "$work/artifacts"
    cp -n tests/fuzz/corpus/"$target"/* "$work/corpus/"
    log="$work/last.log"
    dictionary=()
    if [[ -f tests/fuzz/$target.dict ]]; then
        dictionary=(-dict="tests/fuzz/$target.dict")
    fi

    printf '\n==== %s: %s s ====\n' "$target" "$seconds"
    # Only progress lines and the verdict on the terminal; everything in the log.
    set +e
    nice -n "$niceness" "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$work/artifacts/" "${dictionary[@]}" "${extra_args[@]}" \
        "$work/corpus" 2>&1 | tee "$log" | grep -E '^#[0-9]+ +(pulse|DONE)|^#[0-9]+: cov:.* job: [0-9]*0 |ERROR|SUMMARY|stat::|wrapping up'
    status=${PIPESTATUS[0]}
    set -e
    # One process prints its total in its final stats. With -fork the children keep
    # theirs in their own logs, so the count is the parent's total when it stops on
    # -runs, or else its running total (its last "#N: cov:" line).
    if grep -q -- '-fork=' <<<"${extra_args[*]:-}"; then
        runs=$(sed -n -e 's/^INFO: fuzzed for \([0-9][0-9]*\) iterations.*/\1/p' \
            -e 's/^#\([0-9][0-9]*\): cov:.*/\1/p' "$log" | tail -1)
    else
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    fi
    summary+=("$target: ${runs:-?} executions, exit $status")
    if ((status != 0)); then
        failed+=("$target")
        echo "$target FAILED (exit $status); full log: $log; inputs: $work/artifacts/" >&2
    fi
done

printf '\n==== summary ====\n'
printf '%s\n' "${summary[@]}"
if ((${#failed[@]} > 0)); then
    echo "failed: ${failed[*]}" >&2
    exit 1
fi
