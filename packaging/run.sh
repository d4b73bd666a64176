#!/usr/bin/env bash
# The README's run command: installs what is missing, builds the release preset and starts the Tokenscope desktop
# app on the sample token shipped in resources/ (or on the file or token given). Without a display the app says so
# and exits; `tokenscope-cli` (built alongside) works anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."

bash packaging/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target tokenscope tokenscope-cli
if [ $# -eq 0 ]; then set -- resources/samples/sample.jwt; fi
exec build/release/app/gui/tokenscope "$@"
