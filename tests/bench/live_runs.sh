#!/usr/bin/env bash
# Live-run throughput (issues 9 and 12): every built-in scenario except the 10,000-client benchmark, run with
# `simulate --live` against a mock issuer started on 127.0.0.1 for each variant, as one Markdown table with the wall
# time, the HTTP exchanges with the issuer and the exchanges per second of each variant. With --lab, scenarios a, b,
# d and g run with `--live --lab new` instead: every resource-server request is then a real request to a lab started
# for the variant (its servers, its Redis), and the table adds the model's request count, which the lab served.
#
#   tests/bench/live_runs.sh [--lab] [path/to/tokenscope-cli]     (default: build/release/app/cli/tokenscope-cli)
set -euo pipefail
lab=()
if [ "${1:-}" = "--lab" ]; then
    lab=(--lab new)
    shift
fi
cli=${1:-build/release/app/cli/tokenscope-cli}
[ -x "$cli" ] || { echo "live_runs.sh: $cli is not built (cmake --build --preset release --target tokenscope-cli)" >&2; exit 2; }

if [ ${#lab[@]} -eq 0 ]; then
    echo "| scenario / variant | wall time | HTTP exchanges | exchanges/s |"
    echo "|---|---:|---:|---:|"
else
    echo "| scenario / variant (on a lab) | wall time | HTTP exchanges with the issuer | requests at the lab | requests/s |"
    echo "|---|---:|---:|---:|---:|"
fi
while read -r name _; do
    case "$name" in bench-*|"") continue ;; esac
    if [ ${#lab[@]} -gt 0 ]; then
        case "$name" in a-*|b-*|d-*|g-*) ;; *) continue ;; esac
    fi
    # --stats prints to standard error, per variant, "tokenscope-cli: NAME/VARIANT: N events in T ms, …" then
    # "tokenscope-cli: K HTTP exchanges with URL, R exchanges/s"; --json prints each variant's metrics.
    json=$(mktemp)
    "$cli" simulate "$name" --live "${lab[@]}" --stats --json 2>&1 >"$json" | sed 's/^tokenscope-cli: //' | awk '
        /events in/ { run = $1; sub(/:$/, "", run); ms = $5 }
        /HTTP exchanges with/ { print run, ms, $1, $(NF - 1) }' | {
        i=0
        while read -r run ms exchanges rate; do
            if [ ${#lab[@]} -eq 0 ]; then
                awk -v run="$run" -v ms="$ms" -v x="$exchanges" -v r="$rate" \
                    'BEGIN { printf "| %s | %.2f s | %s | %s |\n", run, ms / 1000, x, r }'
            else
                requests=$(python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['variants'][int(sys.argv[2])]['metrics']['requests']; print(r['legitimate'] + r['attacker'])" "$json" "$i")
                awk -v run="$run" -v ms="$ms" -v x="$exchanges" -v n="$requests" \
                    'BEGIN { printf "| %s | %.2f s | %s | %s | %.0f |\n", run, ms / 1000, x, n, n * 1000 / ms }'
            fi
            i=$((i + 1))
        done
    }
    rm -f "$json"
done < <("$cli" simulate --list | sed -n '/^Built-in scenarios:/,/^Issuer presets/p' | sed '1d;$d')
