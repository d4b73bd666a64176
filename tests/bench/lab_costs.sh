#!/usr/bin/env bash
# What each way of checking a credential costs here (issue 12, item 4): wrk on loopback against one lab resource
# server per mode (`tokenscope-cli lab serve --servers 1`), the same kind of token corpus for every bearer mode, and
# one Markdown table: requests/s, p50, p99, store or issuer round trips per request (the lab's own counters), CPU per
# request of the lab process (servers and the in-process mock issuer) and of redis-server, and the simulator's
# lookups per request for the same mode. Floors: a bare Qt HTTP Server "hello" endpoint on the same server, and
# `redis-benchmark -t get` for the store's own limit.
#
#   tests/bench/lab_costs.sh [path/to/tokenscope-cli]      (default: build/release/app/cli/tokenscope-cli)
#   DURATION=10 CONNECTIONS=32 THREADS=1 CORPUS=64 tests/bench/lab_costs.sh
#
# wrk talks to server 1 directly, not through HAProxy, so the figures are the server's own and not the balancer's.
# Needs wrk, curl, jq, redis-benchmark (packaging/install-deps.sh installs wrk and redis-server; curl and jq are in
# the base system). Every lab is stopped (SIGTERM, then checked by PID) before the next starts. wrk shares the
# machine's cores with the lab: `uptime` is printed before each run and at the end.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cli=${1:-$root/build/release/app/cli/tokenscope-cli}
duration=${DURATION:-10}
connections=${CONNECTIONS:-32}
threads=${THREADS:-1}
corpus=${CORPUS:-64}

for tool in wrk curl jq redis-benchmark; do
  command -v "$tool" >/dev/null || { echo "lab_costs: $tool is missing (packaging/install-deps.sh)" >&2; exit 2; }
done
[ -x "$cli" ] || { echo "lab_costs: $cli is not built (cmake --preset release && cmake --build --preset release)" >&2; exit 2; }

work=$(mktemp -d)
lab=
stop_lab() {
  if [ -n "$lab" ]; then
    kill -TERM "$lab" 2>/dev/null || true
    wait "$lab" 2>/dev/null || true
    lab=
  fi
}
cleanup() {
  stop_lab
  rm -rf "$work"
}
trap cleanup EXIT

cpu_ticks() { # pid → user + system clock ticks, all threads
  awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}

# The lab's URLs are its first lines: "name url".
start_lab() { # lab serve options…
  : >"$work/urls"
  "$cli" lab serve "$@" >"$work/urls" 2>"$work/log" &
  lab=$!
  for _ in $(seq 200); do grep -q '^server1 ' "$work/urls" && break; kill -0 "$lab" 2>/dev/null || break; sleep 0.1; done
  grep -q '^server1 ' "$work/urls" || { echo "lab_costs: the lab did not start:" >&2; cat "$work/log" >&2; exit 1; }
  issuer=$(awk '$1 == "issuer" { print $2 }' "$work/urls")
  control=$(awk '$1 == "control" { print $2 }' "$work/urls")
  server=$(awk '$1 == "server1" { print $2 }' "$work/urls")
  redis=$(awk '$1 == "redis" { print $2 }' "$work/urls")
}

# $corpus access tokens for alice, one "Bearer …" header value a line.
bearer_corpus() {
  : >"$work/values"
  for _ in $(seq "$corpus"); do
    curl -s -u demo:demo-secret -d grant_type=password -d username=alice -d password=alice "$issuer/token" \
      | jq -r '"Bearer " + .access_token' >>"$work/values"
  done
  header=Authorization
}

# $corpus sessions from server 1's POST /login, one "sid=…" cookie a line.
session_corpus() {
  : >"$work/values"
  for _ in $(seq "$corpus"); do
    curl -s -D - -o /dev/null -d username=alice -d password=alice "$server/login" \
      | sed -n 's/^[Ss]et-[Cc]ookie: \(sid=[^;]*\);.*/\1/p' >>"$work/values"
  done
  header=Cookie
}

cat >"$work/corpus.lua" <<'LUA'
-- One header value a line, used in turn: every request carries one credential of the corpus.
local values, header, i = {}, os.getenv("LAB_HEADER"), 0
for line in io.lines(os.getenv("LAB_VALUES")) do values[#values + 1] = line end
request = function()
  i = i % #values + 1
  return wrk.format("GET", nil, { [header] = values[i] })
end
done = function(summary, latency, requests)
  io.write(string.format("SUMMARY requests=%d errors=%d non2xx=%d rps=%.0f p50_ms=%.3f p99_ms=%.3f\n",
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
LUA
sed -n '/^done = /,$p' "$work/corpus.lua" >"$work/plain.lua"

server_counts() { # → "round trips requests 503s" of server 1: store + issuer round trips, GET /api/whoami requests,
                  # and how many of them were answered 503 (store or issuer unavailable)
  curl -s "$control/lab/state" \
    | jq -r '.servers[0] | "\(.store_round_trips + .issuer_round_trips) \(.requests) \(.unavailable)"'
}

# One wrk run against server 1; the row goes to $work/rows. `lookups` is the simulator's figure for the mode.
measure() { # label path lua lookups
  local label=$1 path=$2 lua=$3 lookups=$4 redis_pid=0 t0 t1 r0 r1 trips0 trips1 served0 served1 down0 down1 ticks
  redis_pid=$(curl -s "$control/lab/state" | jq '.pids.redis')
  echo "== $label  (wrk -t$threads -c$connections -d${duration}s $server$path)"
  echo "load: $(uptime)"
  read -r trips0 served0 down0 < <(server_counts); t0=$(cpu_ticks "$lab"); r0=0
  [ "$redis_pid" != 0 ] && r0=$(cpu_ticks "$redis_pid")
  LAB_VALUES=$work/values LAB_HEADER=${header:-X-None} \
    wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$work/$lua" "$server$path" | tee "$work/wrk.out"
  read -r trips1 served1 down1 < <(server_counts); t1=$(cpu_ticks "$lab"); r1=0
  [ "$redis_pid" != 0 ] && r1=$(cpu_ticks "$redis_pid")
  ticks=$(getconf CLK_TCK)
  awk -v label="$label" -v lookups="$lookups" -v trips=$((trips1 - trips0)) -v served=$((served1 - served0)) -v down=$((down1 - down0)) -v lab=$((t1 - t0)) \
      -v redis=$((r1 - r0)) -v hz="$ticks" -v floor="${floor_us:-0}" '
    function thousands(n,   s) { s = sprintf("%d", n); while (s ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]($|,)/, ",&", s); return s }
    /^SUMMARY / {
      for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      # Per request the server answered (wrk does not count the requests still in flight when it stops); the floor
      # endpoint is not counted by the server, so it uses the count wrk reports.
      n = served > 0 ? served : v["requests"]; us = lab / hz * 1e6 / n
      printf "%s|%s|%.2f ms|%.2f ms|%s|%s|%.1f|%s|%s|%d, %d (%d × 503)\n", label, thousands(v["rps"]), v["p50_ms"], v["p99_ms"],
        sprintf("%.2f", trips / n), lookups, us, (redis > 0 ? sprintf("%.1f", redis / hz * 1e6 / n) : "—"),
        (floor > 0 ? sprintf("%.2f×", us / floor) : "1.00×"), v["errors"], v["non2xx"], down
    }' "$work/wrk.out" | tee -a "$work/rows" | cut -d'|' -f7 >"$work/us"
}

# --- stateless, with the floor on the same server ------------------------------------------------------------------
start_lab --mode stateless --servers 1
header=
floor_us=
measure 'floor: `GET /hello` (Qt HTTP Server, no check)' /hello plain.lua '—'
floor_us=$(cat "$work/us")
bearer_corpus
measure 'stateless JWT (ES256, JWKS cached)' /api/whoami corpus.lua '0 (c, d, g)'
stop_lab

# --- blocklist -----------------------------------------------------------------------------------------------------
start_lab --mode blocklist --servers 1
bearer_corpus
measure 'JWT + `jti` blocklist in Redis' /api/whoami corpus.lua '1 (d, g)'
stop_lab

# --- introspection, without and with a cache -----------------------------------------------------------------------
start_lab --mode introspection --servers 1
bearer_corpus
measure 'RFC 7662 introspection, no cache' /api/whoami corpus.lua '—'
stop_lab
start_lab --mode introspection --servers 1 --introspection-cache-ttl 60
bearer_corpus
measure 'RFC 7662 introspection, 60 s cache' /api/whoami corpus.lua '0.52 (d)'
stop_lab

# --- sessions: shared Redis, then per-server memory; redis-benchmark on the lab's Redis ----------------------------
start_lab --mode session --servers 1 --store shared
session_corpus
measure 'session, shared Redis' /api/whoami corpus.lua '1 (a, b, c, d)'
redis_port=${redis##*:}
echo "== redis-benchmark -t get on the lab's Redis ($redis)"
redis-benchmark -h 127.0.0.1 -p "$redis_port" -t get -n 200000 -c "$connections" -q | tee "$work/redis-benchmark.out"
redis_get=$(tr '\r' '\n' <"$work/redis-benchmark.out" | awk '/^GET:/ { print $2 }' | tail -1)
stop_lab
start_lab --mode session --servers 1 --store per-server
session_corpus
measure 'session, per-server memory' /api/whoami corpus.lua '1 (a)'
stop_lab

echo
echo "wrk -t$threads -c$connections -d${duration}s on loopback against one lab server; corpus of $corpus credentials"
echo "load after the runs: $(uptime)"
echo "redis-benchmark -t get -c $connections: ${redis_get:-?} GET/s"
echo
echo "| mode | requests/s | p50 | p99 | round trips / request (lab) | lookups / request (simulator, scenarios) | lab CPU µs / request | Redis CPU µs / request | CPU vs floor | errors, non-2xx (of which 503) |"
echo "|---|---:|---:|---:|---:|---|---:|---:|---:|---|"
awk -F'|' '{ line = "|"; for (i = 1; i <= NF; i++) line = line " " $i " |"; print line }' "$work/rows"
