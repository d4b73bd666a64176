#!/usr/bin/env bash
# Load benchmark of the mock issuer (issue 5, item 6): wrk on loopback against the token endpoint
# (client_credentials, one ES256 signature per request) and the JWKS endpoint.
#
#   tests/bench/issuer_load.sh [path/to/tokenscope-cli]     (default: build/release/app/cli/tokenscope-cli)
#   DURATION=30 CONNECTIONS=64 THREADS=2 tests/bench/issuer_load.sh
#
# Needs wrk (Debian package `wrk`, installed by packaging/install-deps.sh). Uses a throwaway database.
set -euo pipefail

cli=${1:-build/release/app/cli/tokenscope-cli}
duration=${DURATION:-30}
connections=${CONNECTIONS:-64}
threads=${THREADS:-2}

command -v wrk >/dev/null || { echo "issuer_load: wrk is missing (apt-get install wrk)" >&2; exit 2; }
[ -x "$cli" ] || { echo "issuer_load: $cli is not built" >&2; exit 2; }

work=$(mktemp -d)
server=
cleanup() {
  [ -n "$server" ] && kill -TERM "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"$cli" issuer serve --db "$work/issuer.sqlite" --port 0 >"$work/url" 2>"$work/log" &
server=$!
for _ in $(seq 50); do [ -s "$work/url" ] && break; sleep 0.1; done
url=$(head -1 "$work/url")
[ -n "$url" ] || { echo "issuer_load: the issuer did not start:" >&2; cat "$work/log" >&2; exit 1; }

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

echo "issuer: $url  ($cli, wrk -t$threads -c$connections -d${duration}s)"
echo "== POST /token grant_type=client_credentials (ES256)"
wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$work/token.lua" "$url/token"
echo "== GET /jwks"
wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$work/get.lua" "$url/jwks"
