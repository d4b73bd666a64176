#!/usr/bin/env bash
# Installs everything Tokenscope needs to build, run and test on Debian 12, as root.
# Idempotent: packages already present are skipped, so the README commands stay fast on a warm machine.
set -euo pipefail

packages=(
  # build
  build-essential cmake ninja-build pkg-config clang libclang-rt-14-dev clang-format clang-tidy
  # libraries
  qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libqt6svg6-dev
  qt6-httpserver-dev qt6-websockets-dev libqt6sql6-sqlite libqt6sql6-psql libssl-dev openssl
  postgresql  # the mock issuer's shared store for replicas, and its tests (initdb, pg_ctl)
  zlib1g-dev  # raw DEFLATE for JWE "zip":"DEF" (Qt exposes only zlib-wrapped qUncompress)
  # GUI under a virtual display, screenshots
  xvfb xauth
  # packaging checks: .deb build and validation
  dpkg-dev fakeroot file desktop-file-utils appstream lintian
  # independent JOSE implementations: test oracles and benchmark peers
  python3 python3-jwt python3-jwcrypto python3-cryptography libjwt-dev
  wrk  # load benchmarks: tests/bench/issuer_load.sh, tests/bench/lab_costs.sh
  # the live lab (core/lab, docs/lab.md): a real Redis and its client library, HAProxy as the load balancer
  redis-server libhiredis-dev haproxy
  ripgrep  # scan benchmark peer: tests/bench/scan.sh
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing packages: ${missing[*]}; run as root or install them with apt-get" >&2
    exit 1
  fi
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
