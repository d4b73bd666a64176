#!/usr/bin/env bash
# Load benchmark of the mock issuer: wrk on loopback against the token endpoint (client_credentials, one ES256
# signature per request) and the JWKS endpoint; then two replicas sharing one PostgreSQL (docs/issuer.md
# "Replicas"), each loaded by its own wrk at the same time; then the same single-server runs against the npm
# oidc-provider for comparison, and one Markdown table with all of them.
#
#   tests/bench/issuer_load.sh [path/to/tokenscope-cli]     (default: build/release/app/cli/tokenscope-cli)
#   DURATION=30 CONNECTIONS=64 THREADS=2 tests/bench/issuer_load.sh
#
# Environment:
#   DURATION, CONNECTIONS, THREADS   wrk -d (seconds), -c, -t (defaults 30, 64, 2)
#   OIDC_PROVIDER=0                  skip the oidc-provider comparison
#   REPLICAS=0                       skip the two-replica runs on PostgreSQL
#   OIDC_PROVIDER_DIR                where oidc-provider is installed (default build/bench-oidc-provider)
#
# Needs wrk (Debian package `wrk`, installed by packaging/install-deps.sh). Uses a throwaway database.
#
# The replica runs need PostgreSQL's initdb and pg_ctl (Debian `postgresql`, installed by packaging/install-deps.sh;
# skipped with a message without them). The script makes a throwaway cluster in its temporary folder on a free
# loopback port, as tests/common/PostgresCluster does (as the `postgres` system user when run as root; PostgreSQL's
# default settings, fsync on), starts two `issuer serve --db postgresql://...` on it and stops everything by PID at
# the end. Each replica gets half the connections from its own wrk; the row sums their requests/s and errors and
# shows the larger of the two p50s and p99s (the combined percentile lies between the two). Two token requests are
# measured: client_credentials (a signature, no database write) and the password grant (a signature and a new
# refresh family written to PostgreSQL per request). Server CPU counts both replicas and every PostgreSQL process.
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
replicas=()
stop_replicas() {
  local pid
  for pid in "${replicas[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${replicas[@]}"; do wait "$pid" 2>/dev/null || true; done
  replicas=()
}
pg_bin=
pg_pid=
stop_postgres() {
  [ -n "$pg_pid" ] || return 0
  as_postgres "$pg_bin/pg_ctl" -D "$work/pg/data" -m fast -w stop >>"$work/pg/pg_ctl.log" 2>&1 \
    || kill -QUIT "$pg_pid" 2>/dev/null || true
  for _ in $(seq 300); do kill -0 "$pg_pid" 2>/dev/null || break; sleep 0.1; done
  pg_pid=
}
cleanup() {
  stop_server
  stop_replicas
  stop_postgres
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
# The password grant for alice, with the demo client: each answer carries a refresh token of a new family.
sed -e 's/^wrk.body = .*/wrk.body = "grant_type=password\&username=alice\&password=alice"/' "$work/token.lua" \
  >"$work/password.lua"

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

# --- Two replicas on one PostgreSQL ----------------------------------------------------------------------------------
# PostgreSQL refuses to run as root: under root its commands run as the `postgres` system user.
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Starts a throwaway cluster with one database, `issuer`, for the superuser `tokenscope`; sets pg_url and pg_pid.
# Returns 1 (with the reason on standard error) when it cannot.
start_postgres() {
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
    echo "issuer_load: skipping the replica runs: PostgreSQL is not installed (apt-get install postgresql)" >&2
    return 1
  fi
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    echo "issuer_load: skipping the replica runs: no postgres system user to run PostgreSQL as" >&2
    return 1
  fi
  command -v python3 >/dev/null || { echo "issuer_load: skipping the replica runs: python3 picks the port" >&2; return 1; }
  mkdir -p "$work/pg"
  [ "$(id -u)" != 0 ] || chown postgres: "$work/pg"
  chmod 755 "$work"
  local port
  port=$(free_port)
  # pg_ctl's output goes to a log file: the server inherits its descriptors and would hold a pipe open.
  if ! (cd "$work/pg" && as_postgres "$pg_bin/initdb" -D "$work/pg/data" -U tokenscope --auth=trust -E UTF8 \
          --no-locale >>"$work/pg/pg_ctl.log" 2>&1 \
        && as_postgres "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/server.log" -w -t 60 \
          -o "-p $port -k $work/pg -c listen_addresses=127.0.0.1 -c max_connections=100" start \
          >>"$work/pg/pg_ctl.log" 2>&1); then
    echo "issuer_load: skipping the replica runs: PostgreSQL did not start:" >&2
    tail -c 800 "$work/pg/pg_ctl.log" "$work/pg/server.log" >&2 2>/dev/null || true
    return 1
  fi
  pg_pid=$(head -1 "$work/pg/data/postmaster.pid")
  if ! (cd "$work/pg" && as_postgres "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U tokenscope issuer \
          >>"$work/pg/pg_ctl.log" 2>&1); then
    echo "issuer_load: skipping the replica runs: createdb failed" >&2
    return 1
  fi
  pg_url="postgresql://tokenscope@127.0.0.1:$port/issuer"
}

# CPU seconds used so far by the replicas and by PostgreSQL (the postmaster and every backend).
replica_cpu_seconds() {
  local pids total=0 pid
  pids="${replicas[*]} $pg_pid $(ps -o pid= --ppid "$pg_pid" 2>/dev/null | tr '\n' ' ')"
  for pid in $pids; do
    [ -r "/proc/$pid/stat" ] || continue
    total=$(awk -v t="$total" -v s="$(cpu_seconds "$pid")" 'BEGIN { printf "%.2f", t + s }')
  done
  echo "$total"
}

# One run against both replicas at once: a wrk per replica with half the connections each.
run_wrk_replicas() { # endpoint-label lua path
  local before after half=$(( (connections + 1) / 2 )) i loaders=()
  before=$(replica_cpu_seconds)
  for i in 0 1; do
    wrk -t1 -c"$half" -d"${duration}s" --latency -s "$work/$2" "${replica_urls[$i]}$3" >"$work/wrk.$i.out" &
    loaders+=("$!")
  done
  wait "${loaders[@]}"
  after=$(replica_cpu_seconds)
  cat "$work/wrk.0.out" "$work/wrk.1.out"
  awk -v endpoint="$1" -v cpu="$(awk -v a="$before" -v b="$after" -v d="$duration" \
        'BEGIN { printf "%.2f", (b - a) / d }')" '
    function ms(v) { return (v < 1 ? sprintf("%.2f", v) : sprintf("%.1f", v)) " ms" }
    function thousands(n,   s) { s = sprintf("%d", n); while (s ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]($|,)/, ",&", s); return s }
    function max(a, b) { return a > b ? a : b }
    /^SUMMARY / {
      for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      rps += v["rps"]; errors += v["errors"]; non2xx += v["non2xx"]
      p50 = max(p50, v["p50_ms"]); p99 = max(p99, v["p99_ms"]); runs++
    }
    END {
      if (runs == 2)
        printf "| Tokenscope, 2 replicas on PostgreSQL | %s | %s | %d, %d | %s | %s | %s |\n", endpoint, thousands(rps),
          errors, non2xx, ms(p50), ms(p99), cpu
    }' "$work/wrk.0.out" "$work/wrk.1.out" >>"$work/rows"
}

if [ "${REPLICAS:-1}" = 0 ]; then
  echo "issuer_load: replica runs skipped (REPLICAS=0)"
elif start_postgres; then
  replica_urls=()
  for i in 0 1; do
    : >"$work/url"
    "$cli" issuer serve --db "$pg_url" --port 0 >"$work/url" 2>"$work/log" &
    server=$!
    wait_for_url "replica $((i + 1))" || exit 1
    replicas+=("$server")
    server=
    replica_urls+=("$url")
  done
  echo "== Tokenscope, 2 replicas on PostgreSQL: ${replica_urls[*]}  (a wrk -t1 -c$(( (connections + 1) / 2 )) -d${duration}s each)"
  echo "load: $(uptime)"
  if command -v curl >/dev/null; then
    for url in "${replica_urls[@]}"; do check_token "a replica"; done
  fi
  echo "== replicas: POST /token grant_type=client_credentials (ES256)"
  run_wrk_replicas '`POST /token` client_credentials (one ES256 signature each)' token.lua /token
  echo "== replicas: POST /token grant_type=password (ES256, a new refresh family each)"
  run_wrk_replicas '`POST /token` password (a signature and a family written each)' password.lua /token
  stop_replicas
  stop_postgres
fi

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
