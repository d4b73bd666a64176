#!/usr/bin/env bash
# Live-run throughput (issue 9): every built-in scenario except the 10,000-client benchmark, run with
# `simulate --live` against a mock issuer started on 127.0.0.1 for each variant, as one Markdown table with the wall
# time, the HTTP exchanges and the exchanges per second of each variant.
#
#   tests/bench/live_runs.sh [path/to/tokenscope-cli]     (default: build/release/app/cli/tokenscope-cli)
set -euo pipefail
cli=${1:-build/release/app/cli/tokenscope-cli}
[ -x "$cli" ] || { echo "live_runs.sh: $cli is not built (cmake --build --preset release --target tokenscope-cli)" >&2; exit 2; }

echo "| scenario / variant | wall time | HTTP exchanges | exchanges/s |"
echo "|---|---:|---:|---:|"
while read -r name _; do
    case "$name" in bench-*|"") continue ;; esac
    # --stats prints to standard error, per variant, "tokenscope-cli: NAME/VARIANT: N events in T ms, …" then
    # "tokenscope-cli: K HTTP exchanges with URL, R exchanges/s".
    "$cli" simulate "$name" --live --stats --json 2>&1 >/dev/null | sed 's/^tokenscope-cli: //' | awk '
        /events in/ { run = $1; sub(/:$/, "", run); ms = $5 }
        /HTTP exchanges with/ { printf "| %s | %.2f s | %s | %s |\n", run, ms / 1000, $1, $(NF - 1) }'
done < <("$cli" simulate --list | sed -n '/^Built-in scenarios:/,/^Issuer presets/p' | sed '1d;$d')
