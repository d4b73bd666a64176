#!/usr/bin/env bash
# The README's run command: installs what is missing, builds the release preset and runs Tokenscope's main job.
# Until the desktop app lands, that is `tokenscope-cli decode` on the sample token shipped in resources/.
set -euo pipefail
cd "$(dirname "$0")/.."

bash packaging/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target tokenscope-cli
if [ $# -eq 0 ]; then set -- "$(cat resources/samples/sample.jwt)"; fi
exec build/release/app/cli/tokenscope-cli decode "$@"
