#!/usr/bin/env bash
# Screenshots of the Inspect workspace with the sample token, in the light and the dark palette, for the README:
# docs/screenshots/inspect-light.png and inspect-dark.png. Runs the app under Xvfb (a virtual X display), so it
# works on a headless machine. Uses an existing build when given one (BUILD_DIR=build/dev), else the release preset.
#
#   bash packaging/screenshot.sh            # build (release preset) and take both screenshots
#   BUILD_DIR=build/dev bash packaging/screenshot.sh
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${BUILD_DIR:-build/release}
if [ -z "${BUILD_DIR:-}" ]; then
  cmake --preset release >/dev/null
  cmake --build --preset release --target tokenscope
fi
app="$build_dir/app/gui/tokenscope"
[ -x "$app" ] || { echo "screenshot: $app is not built" >&2; exit 1; }
command -v xvfb-run >/dev/null || { echo "screenshot: xvfb-run is missing (apt-get install xvfb xauth)" >&2; exit 1; }

out=docs/screenshots
mkdir -p "$out"
for theme in light dark; do
  # --screenshot implies --no-settings: nothing is read from or written to the user's configuration.
  # Selecting "exp" shows the linked panes: the claim, its base64url run in the token, and its annotation.
  xvfb-run -a -s "-screen 0 1600x1000x24 -dpi 96" \
    "$app" --theme "$theme" --size 1440x900 --select-claim exp \
    --screenshot "$out/inspect-$theme.png" resources/samples/sample.jwt
  echo "screenshot: $out/inspect-$theme.png"
done
