#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) and runs each for FUZZ_SECONDS (default 60) from its seed
# corpus. New inputs go to a scratch copy, so the committed corpus stays small. A crash fails the script and leaves
# the reproducer in build/fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds="${FUZZ_SECONDS:-60}"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz

mkdir -p build/fuzz/artifacts
status=0
for corpus in tests/fuzz/corpus/*/; do
    name=$(basename "$corpus")
    binary="build/fuzz/tests/fuzz/$name"
    if [ ! -x "$binary" ]; then
        echo "fuzz: $name has a corpus but no target" >&2
        status=1
        continue
    fi
    scratch=$(mktemp -d)
    cp -r "$corpus". "$scratch"/
    echo "fuzz: $name for ${seconds}s"
    if ! ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        "$binary" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="build/fuzz/artifacts/$name-" -print_final_stats=1 "$scratch" 2>"build/fuzz/$name.log"; then
        echo "fuzz: $name FAILED; see build/fuzz/$name.log" >&2
        tail -40 "build/fuzz/$name.log" >&2
        status=1
    else
        grep -E 'stat::number_of_executed_units|Done' "build/fuzz/$name.log" | tail -2
    fi
    rm -rf "$scratch"
done
exit $status
