#!/usr/bin/env bash
# Tokenscope scan benchmark, in one run: generates a log of SCAN_BENCH_BYTES (default 1 GiB) with tokens planted at
# known lines and decoys that a JWT regular expression matches (make_scan_log.py, seeded), then measures
#   tokenscope-cli scan (1 thread, and --threads 2),
#   ripgrep `rg -c` and GNU `grep -c -E` with the same JWT regular expression (LC_ALL=C for both),
# over the file (in the page cache after a warm-up read), and prints a Markdown table with seconds, MB/s and what
# each found, and whether Tokenscope found exactly the planted tokens (each token's count and first line). The log
# lives in the build directory and is deleted at the end.
#
# Environment:
#   SCAN_BENCH_BYTES   size of the generated log (default 1073741824)
#   SCAN_BENCH_ROUNDS  runs per tool, the best one counted (default 3)
#   SCAN_BENCH_SEED    seed of the log (default 15)
#   TOKENSCOPE_CLI     path of tokenscope-cli (default build/release/app/cli/tokenscope-cli)
#   SCAN_BENCH_DIR     where the log is written (default build/release/scan-bench)
# Exit status: 0 when Tokenscope found exactly the planted tokens and its single thread was at least as fast as
# ripgrep, 1 otherwise, 2 when the run could not be made.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PYTHON=/usr/bin/python3
CLI=${TOKENSCOPE_CLI:-$ROOT/build/release/app/cli/tokenscope-cli}
BYTES=${SCAN_BENCH_BYTES:-1073741824}
ROUNDS=${SCAN_BENCH_ROUNDS:-3}
SEED=${SCAN_BENCH_SEED:-15}
WORK=${SCAN_BENCH_DIR:-$ROOT/build/release/scan-bench}
# The usual JWT pattern: three base64url parts, the first starting like a JSON object.
JWT_RE='eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*'

log() { printf '%s\n' "$*" >&2; }
for tool in rg grep taskset; do
    command -v "$tool" >/dev/null || { log "scan.sh: $tool is missing (packaging/install-deps.sh installs it)"; exit 2; }
done
[[ -x "$CLI" ]] || { log "scan.sh: $CLI is missing; build the release preset (cmake --build --preset release --target tokenscope-cli)"; exit 2; }

mkdir -p "$WORK"
LOG="$WORK/bench.log"
trap 'rm -f "$LOG" "$LOG.planted" "$WORK"/*.out' EXIT

log "== generating $BYTES bytes (seed $SEED)"
"$PYTHON" "$ROOT/tests/bench/make_scan_log.py" "$LOG" "$BYTES" "$SEED"
SIZE=$(stat -c %s "$LOG")
PLANTED=$(wc -l < "$LOG.planted")
cat "$LOG" > /dev/null # into the page cache

# best_of NAME OUTPUT COMMAND…: runs COMMAND ROUNDS times with its standard output in OUTPUT; prints the best time.
best_of() {
    local name=$1 output=$2 best="" start end seconds
    shift 2
    for ((round = 0; round < ROUNDS; round++)); do
        start=$(date +%s.%N)
        "$@" > "$output" 2>/dev/null || true
        end=$(date +%s.%N)
        seconds=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }')
        if [[ -z "$best" ]] || awk -v a="$seconds" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$seconds; fi
    done
    log "   $name: best of $ROUNDS ${best}s"
    echo "$best"
}

NOW=1764800000
log "== measuring (each best of $ROUNDS)"
T1=$(best_of "tokenscope scan" "$WORK/ts1.out" taskset -c 0 "$CLI" scan --json --now $NOW "$LOG")
T2=$(best_of "tokenscope scan --threads 2" "$WORK/ts2.out" "$CLI" scan --json --threads 2 --now $NOW "$LOG")
TRG=$(best_of "rg -c" "$WORK/rg.out" env LC_ALL=C taskset -c 0 rg -c -e "$JWT_RE" "$LOG")
TGREP=$(best_of "grep -c -E" "$WORK/grep.out" env LC_ALL=C taskset -c 0 grep -c -E "$JWT_RE" "$LOG")

# Tokenscope's report against the planted list: the same distinct tokens, each with its count and first line.
check() {
    "$PYTHON" - "$1" "$LOG.planted" <<'PY'
import collections, json, sys
found = [json.loads(line) for line in open(sys.argv[1])]
summary, tokens = found[-1], found[:-1]
planted = collections.OrderedDict()
for line in open(sys.argv[2]):
    number, fingerprint = line.split()
    entry = planted.setdefault(fingerprint, [int(number), 0])
    entry[1] += 1
got = {t["fingerprint"]: [t["first_seen"]["line"], t["count"]] for t in tokens}
exact = got == {k: v for k, v in planted.items()} and summary["occurrences"] == sum(v[1] for v in planted.values())
print(summary["occurrences"], "yes" if exact else "NO")
PY
}
read -r FOUND1 EXACT1 < <(check "$WORK/ts1.out")
read -r FOUND2 EXACT2 < <(check "$WORK/ts2.out")
cmp -s "$WORK/ts1.out" "$WORK/ts2.out" || EXACT2="NO (differs from 1 thread)"
FOUNDRG=$(cat "$WORK/rg.out")
FOUNDGREP=$(cat "$WORK/grep.out")

mbps() { awk -v b="$SIZE" -v s="$1" 'BEGIN { printf "%.0f", b / 1e6 / s }'; }
echo
echo "Log: $SIZE bytes, $PLANTED tokens planted (seed $SEED); $(nproc) CPUs; $(rg --version 2>/dev/null | sed -n 1p); grep $(grep --version | sed -n 1p | awk '{print $NF}')."
echo
echo "| tool | seconds | MB/s | found | exactly the planted tokens |"
echo "|---|---:|---:|---:|---|"
echo "| \`tokenscope-cli scan\` (1 thread) | $T1 | $(mbps "$T1") | $FOUND1 tokens | $EXACT1 |"
echo "| \`tokenscope-cli scan --threads 2\` | $T2 | $(mbps "$T2") | $FOUND2 tokens | $EXACT2 |"
echo "| \`rg -c\` | $TRG | $(mbps "$TRG") | $FOUNDRG lines | no: counts lines the expression matches |"
echo "| \`grep -c -E\` | $TGREP | $(mbps "$TGREP") | $FOUNDGREP lines | no: counts lines the expression matches |"
echo
FASTER=$(awk -v t="$T1" -v r="$TRG" 'BEGIN { print (t <= r) ? "yes" : "no" }')
echo "Single thread at least as fast as ripgrep: $FASTER ($(awk -v t="$T1" -v r="$TRG" 'BEGIN { printf "%.2f", r / t }')× ripgrep's speed)."
[[ "$EXACT1" == yes && "$EXACT2" == yes && "$FASTER" == yes ]]
