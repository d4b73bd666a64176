#!/usr/bin/env bash
# Load benchmark of the mock issuer (issue 5, item 6): wrk on loopback against the token endpoint
# (client_credentials, one ES256 signature per request) and the JWKS endpoint, then the same runs against the npm
# oidc-provider for comparison, and one Markdown table with both.
#
#   tests/bench/issuer_load.sh [path/to/tokenscope-cli]     (default: build/release/app/cli/tokenscope-cli)
#   DURATION=30 CONNECTIONS=64 THREADS=2 tests/bench/issuer_load.sh
#
# Environment:
#   DURATION, CONNECTIONS, THREADS   wrk -d (seconds), -c, -t (defaults 30, 64, 2)
#   OIDC_PROVIDER=0                  skip the oidc-provider comparison
#   OIDC_PROVIDER_DIR                where oidc-provider is installed (default build/bench-oidc-provider)
#
# Needs wrk (Debian package `wrk`, installed by packaging/install-deps.sh). Uses a throwaway database.
#
# The comparison needs node and npm (Debian `nodejs`, `npm`); without them it is skipped with a message. The first
# run installs oidc-provider from the npm registry into OIDC_PROVIDER_DIR (a build directory: node_modules is never
# committed), in the version range tests/probe/oidc-provider/package.json asks for, so the benchmark and the probe
# interop test use the same release. tests/bench/oidc-provider-bench.mjs configures it like the mock issuer: the
# demo:demo-secret confidential client allowed client_credentials, every access token an ES256-signed JWT
# (RFC 9068), a one-key P-256 JWKS. The wrk scripts, and so the requests, are the same for both issuers.
#
# Node runs oidc-provider in one process, as its quick start does; the last column (CPU time the server process used
# divided by the run's length) shows how many cores each server kept busy. wrk shares the machine's cores with the
# server, and anything else running on the machine shows in the figures: `uptime` is printed before each issuer.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cli=${1:-build/release/app/cli/tokenscope-cli}
[ -e "$cli" ] || [ $# -gt 0 ] || cli=$root/build/release/app/cli/tokenscope-cli
duration=${DURATION:-30}
connections=${CONNECTIONS:-64}
threads=${THREADS:-2}
compare=${OIDC_PROVIDER:-1}
oidc_dir=${OIDC_PROVIDER_DIR:-$root/build/bench-oidc-provider}

command -v wrk >/dev/null || { echo "issuer_load: wrk is missing (apt-get install wrk)" >&2; exit 2; }
[ -x "$cli" ] || { echo "issuer_load: $cli is not built" >&2; exit 2; }

work=$(mktemp -d)
server=
stop_server() {
  if [ -n "$server" ]; then
    kill -TERM "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    server=
  fi
}
cleanup() {
  stop_server
  rm -rf "$work"
}
trap cleanup EXIT

# Waits for the issuer URL, the first line the server prints on standard output.
wait_for_url() { # name
  for _ in $(seq 100); do [ -s "$work/url" ] && break; kill -0 "$server" 2>/dev/null || break; sleep 0.1; done
  url=$(head -1 "$work/url")
  [ -n "$url" ] || { echo "issuer_load: $1 did not start:" >&2; cat "$work/log" >&2; return 1; }
}

# CPU seconds (user + system, all threads) the process has used so far.
cpu_seconds() { # pid
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.2f\n", ($12 + $13) / hz }' "/proc/$1/stat"
}

# client_credentials with HTTP Basic for the demo client (demo:demo-secret).
cat >"$work/token.lua" <<'LUA'
wrk.method = "POST"
wrk.body = "grant_type=client_credentials"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic ZGVtbzpkZW1vLXNlY3JldA=="
done = function(summary, latency, requests)
  io.write(string.format("SUMMARY requests=%d errors=%d non2xx=%d rps=%.0f p50_ms=%.2f p99_ms=%.2f\n",
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
LUA
# The same summary line for plain GETs.
sed -n '/^done = /,$p' "$work/token.lua" >"$work/get.lua"

# One wrk run; its output goes to the terminal and its summary, as a table row, to $work/rows.
run_wrk() { # issuer endpoint-label lua path
  local before after
  before=$(cpu_seconds "$server")
  wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$work/$3" "$url$4" | tee "$work/wrk.out"
  after=$(cpu_seconds "$server")
  awk -v issuer="$1" -v endpoint="$2" -v cpu="$(awk -v a="$before" -v b="$after" -v d="$duration" \
        'BEGIN { printf "%.2f", (b - a) / d }')" '
    function ms(v) { return (v < 1 ? sprintf("%.2f", v) : sprintf("%.1f", v)) " ms" }
    function thousands(n,   s) { s = sprintf("%d", n); while (s ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]($|,)/, ",&", s); return s }
    /^SUMMARY / {
      for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      printf "| %s | %s | %s | %d, %d | %s | %s | %s |\n", issuer, endpoint, thousands(v["rps"]), v["errors"],
        v["non2xx"], ms(v["p50_ms"]), ms(v["p99_ms"]), cpu
    }' "$work/wrk.out" >>"$work/rows"
}

# Asks for one token first, so a misconfigured issuer fails here instead of timing error responses.
check_token() { # issuer
  local status
  status=$(curl -s -o "$work/token.json" -w '%{http_code}' -u demo:demo-secret -d grant_type=client_credentials \
    "$url/token") || status=000
  if [ "$status" != 200 ] || ! grep -q '"access_token":"ey' "$work/token.json"; then
    echo "issuer_load: $1 did not issue a token (HTTP $status)" >&2
    return 1
  fi
}

bench_issuer() { # issuer
  echo "== $1: $url  (wrk -t$threads -c$connections -d${duration}s)"
  echo "load: $(uptime)"
  if command -v curl >/dev/null; then check_token "$1"; fi
  echo "== $1: POST /token grant_type=client_credentials (ES256)"
  run_wrk "$1" '`POST /token` client_credentials (one ES256 signature each)' token.lua /token
  echo "== $1: GET /jwks"
  run_wrk "$1" '`GET /jwks`' get.lua /jwks
}

# --- Tokenscope mock issuer --------------------------------------------------------------------------------------
"$cli" issuer serve --db "$work/issuer.sqlite" --port 0 >"$work/url" 2>"$work/log" &
server=$!
wait_for_url "the issuer" || exit 1
bench_issuer "Tokenscope"
stop_server

# --- oidc-provider -------------------------------------------------------------------------------------------------
# Installs oidc-provider into $oidc_dir when it is missing or the probe's version range changed. Returns 1 (with the
# reason on standard error) when the comparison cannot run.
prepare_oidc_provider() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "issuer_load: skipping the oidc-provider comparison: node and npm are needed (apt-get install nodejs npm)" >&2
    return 1
  fi
  local spec manifest
  spec=$(node -p 'require(process.argv[1]).dependencies["oidc-provider"]' \
    "$root/tests/probe/oidc-provider/package.json")
  manifest=$(printf '{\n  "name": "tokenscope-bench-oidc-provider",\n  "private": true,\n  "type": "module",\n  "dependencies": { "oidc-provider": "%s" }\n}\n' "$spec")
  mkdir -p "$oidc_dir"
  if [ ! -f "$oidc_dir/node_modules/oidc-provider/package.json" ] \
     || [ "$(cat "$oidc_dir/package.json" 2>/dev/null)" != "$manifest" ]; then
    printf '%s\n' "$manifest" >"$oidc_dir/package.json"
    echo "issuer_load: installing oidc-provider@$spec into $oidc_dir"
    if ! npm install --prefix "$oidc_dir" --no-audit --no-fund --loglevel=error >"$work/npm.log" 2>&1; then
      echo "issuer_load: skipping the oidc-provider comparison: npm install failed (is the npm registry reachable?):" >&2
      head -c 800 "$work/npm.log" >&2
      return 1
    fi
  fi
  # Node resolves `oidc-provider` from the script's own folder.
  cp "$root/tests/bench/oidc-provider-bench.mjs" "$oidc_dir/"
}

if [ "$compare" = 0 ]; then
  echo "issuer_load: oidc-provider comparison skipped (OIDC_PROVIDER=0)"
elif prepare_oidc_provider; then
  version=$(node -p 'require(process.argv[1]).version' "$oidc_dir/node_modules/oidc-provider/package.json")
  : >"$work/url"
  NODE_ENV=production node "$oidc_dir/oidc-provider-bench.mjs" >"$work/url" 2>"$work/log" &
  server=$!
  wait_for_url "oidc-provider" || exit 1
  bench_issuer "oidc-provider $version (node $(node --version))"
  stop_server
fi

echo
echo "wrk -t$threads -c$connections -d${duration}s on loopback; server CPU = server process CPU time / run length (cores)"
echo "load after the runs: $(uptime)"
echo
echo "| issuer | endpoint | requests/s | errors, non-2xx | p50 | p99 | server CPU |"
echo "|---|---|---|---|---|---|---|"
cat "$work/rows"
