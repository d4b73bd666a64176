#!/usr/bin/env bash
# Screenshots of the three workspaces in the light and the dark palette, for the README and the AppStream metainfo:
# docs/screenshots/{inspect,simulate,issuer}-{light,dark}.png. Inspect and Simulate are the app itself under Xvfb (a
# virtual X display), so it works on a headless machine; the Issuer workspace needs a running mock issuer with some
# traffic, which its GUI test sets up and captures (tst_issuerworkspace screenshots). Uses an existing build when given one (BUILD_DIR=build/dev), else the release preset.
#
#   bash packaging/screenshot.sh            # build (release preset) and take both screenshots
#   BUILD_DIR=build/dev bash packaging/screenshot.sh
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${BUILD_DIR:-build/release}
if [ -z "${BUILD_DIR:-}" ]; then
  cmake --preset release >/dev/null
  cmake --build --preset release --target tokenscope tst_issuerworkspace
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
  # The Simulate workspace opens on a built-in scenario, already run.
  xvfb-run -a -s "-screen 0 1600x1000x24 -dpi 96" \
    "$app" --theme "$theme" --size 1440x900 --workspace simulate --screenshot "$out/simulate-$theme.png"
  echo "screenshot: $out/simulate-$theme.png"
done

issuer_test="$build_dir/tests/ui/issuer/tst_issuerworkspace"
if [ -x "$issuer_test" ]; then
  shots=$(mktemp -d)
  TOKENSCOPE_SCREENSHOTS="$shots" QT_QPA_PLATFORM=offscreen "$issuer_test" screenshots >/dev/null
  for theme in light dark; do
    cp "$shots/issuer-$theme.png" "$out/issuer-$theme.png"
    echo "screenshot: $out/issuer-$theme.png"
  done
  rm -rf "$shots"
else
  echo "screenshot: $issuer_test is not built; the Issuer screenshots are left as they are" >&2
fi
