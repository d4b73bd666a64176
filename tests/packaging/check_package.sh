#!/usr/bin/env bash
# check_package.sh BUILD_DIR SOURCE_DIR VERSION — see CMakeLists.txt. Exit 77 (skipped) when a packaging tool is
# missing, 1 on the first failed check.
set -euo pipefail
build=$1 source=$2 version=$3

for tool in cpack dpkg-deb lintian desktop-file-validate appstreamcli; do
    command -v "$tool" >/dev/null || { echo "SKIP: $tool is not installed (packaging/install-deps.sh installs it)"; exit 77; }
done
fail() { echo "FAIL: $*" >&2; exit 1; }

scratch=$(mktemp -d -t tokenscope-package.XXXXXX)
trap 'rm -rf "$scratch"' EXIT

echo "== desktop entry and metainfo"
desktop-file-validate "$source/packaging/linux/org.tokenscope.Tokenscope.desktop"
metainfo="$build/packaging/generated/org.tokenscope.Tokenscope.metainfo.xml"
[[ -f $metainfo ]] || fail "no generated metainfo at $metainfo"
appstreamcli validate --no-net "$metainfo"

echo "== building the package"
(cd "$scratch" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$scratch/out" >cpack.log 2>&1) \
    || { cat "$scratch/cpack.log"; fail "cpack did not build the package"; }
deb=$(ls "$scratch"/out/tokenscope_*.deb 2>/dev/null | head -1)
[[ -n $deb ]] || fail "cpack made no tokenscope_*.deb"
echo "built $(basename "$deb")"
info=$(dpkg-deb --info "$deb")
grep -q "^ Version: $version\$" <<<"$info" || fail "package version is not $version"
grep -E '^ Depends:' <<<"$info" || fail "package declares no dependencies"

echo "== contents"
contents=$(dpkg-deb --contents "$deb")
expected=(
    ./usr/bin/tokenscope-cli
    ./usr/share/man/man1/tokenscope-cli.1.gz
    ./usr/share/bash-completion/completions/tokenscope-cli
    ./usr/share/zsh/vendor-completions/_tokenscope-cli
    ./usr/share/doc/tokenscope/copyright
    ./usr/share/doc/tokenscope/changelog.gz
)
if [[ -f $build/app/gui/tokenscope ]]; then
    expected+=(
        ./usr/bin/tokenscope
        ./usr/share/man/man1/tokenscope.1.gz
        ./usr/share/applications/org.tokenscope.Tokenscope.desktop
        ./usr/share/metainfo/org.tokenscope.Tokenscope.metainfo.xml
        ./usr/share/icons/hicolor/scalable/apps/org.tokenscope.Tokenscope.svg
        ./usr/share/icons/hicolor/48x48/apps/org.tokenscope.Tokenscope.png
        ./usr/share/icons/hicolor/256x256/apps/org.tokenscope.Tokenscope.png
    )
fi
for path in "${expected[@]}"; do
    grep -qF " $path" <<<"$contents" || fail "the package lacks $path"
done

echo "== lintian"
# Errors fail the test; warnings are printed for the record.
lintian --fail-on error --tag-display-limit 0 "$deb" || fail "lintian reports errors"

echo "== installed CLI (dpkg -x into a scratch root)"
root="$scratch/root"
dpkg -x "$deb" "$root"
cli="$root/usr/bin/tokenscope-cli"
[[ $("$cli" --version) == *"$version"* ]] || fail "installed tokenscope-cli --version does not print $version"
decoded=$("$cli" decode --json "$(cat "$source/resources/samples/sample.jwt")")
grep -q '"kind": "JWS"' <<<"$decoded" || fail "installed tokenscope-cli does not decode the sample token"
bash -n "$root/usr/share/bash-completion/completions/tokenscope-cli" || fail "bash completion has a syntax error"
if [[ -x $root/usr/bin/tokenscope ]]; then
    [[ $("$root/usr/bin/tokenscope" --version) == *"$version"* ]] || fail "installed tokenscope --version does not print $version"
    desktop-file-validate "$root/usr/share/applications/org.tokenscope.Tokenscope.desktop"
fi
echo "PASS"
