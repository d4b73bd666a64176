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

echo "== run-time Qt plugins are Depends, not Recommends"
# Qt loads its SQL drivers, platform plugins and image formats at run time, out of dpkg-shlibdeps' sight; each
# package that holds one the program loads must be a hard dependency (packaging/CMakeLists.txt says which and why).
depends=$(dpkg-deb -f "$deb" Depends)
plugin_packages=(libqt6sql6-sqlite libqt6sql6-psql)
[[ -f $build/app/gui/tokenscope ]] && plugin_packages+=(libqt6gui6 libqt6svg6)
for package in "${plugin_packages[@]}"; do
    grep -qE "(^|, )$package( |,|$)" <<<"$depends" || fail "Depends lacks $package: $depends"
done

echo "== apt-get install --no-install-recommends into a clean root (simulated)"
# apt resolves the .deb against the machine's package lists as if nothing were installed (an empty dpkg status):
# this is what `apt-get install --no-install-recommends ./tokenscope_*.deb` does in a fresh container, without
# needing the network or root. It proves that every plugin package is installed there without Recommends, and that
# the whole dependency tree resolves.
if command -v apt-get >/dev/null && compgen -G "/var/lib/apt/lists/*_Packages*" >/dev/null; then
    : >"$scratch/empty-status"
    plan=$(apt-get install --simulate --no-install-recommends -o Dir::State::status="$scratch/empty-status" \
        -o Debug::NoLocking=1 "$deb" 2>&1) || { echo "$plan"; fail "apt cannot install the package into a clean root"; }
    for package in "${plugin_packages[@]}" tokenscope; do
        grep -q "^Inst $package " <<<"$plan" || fail "a clean root without Recommends would not get $package"
    done
else
    echo "no apt package lists: the clean-root resolution is not checked here"
fi

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
echo "== installed issuer serve starts with its SQLite store"
# The packaged CLI from the scratch root, with the SQLite driver taken from the libqt6sql6-sqlite .deb (the local
# apt cache) into the same root when it is there. It runs on this machine's libraries otherwise, so what this proves
# is the package's own part: the installed binary starts the issuer, opens its database and answers HTTP; the
# Depends above are what bring the same driver onto a clean machine.
for cached in /var/cache/apt/archives/libqt6sql6-sqlite_*.deb; do
    [[ -f $cached ]] && dpkg -x "$cached" "$root"
done
export QT_PLUGIN_PATH="$root/usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)/qt6/plugins"
"$cli" issuer serve --db "$scratch/issuer.sqlite" >"$scratch/serve.out" 2>"$scratch/serve.err" &
serve_pid=$!
stop_serve() { kill "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null; true; }
trap 'stop_serve; rm -rf "$scratch"' EXIT
for _ in $(seq 100); do
    [[ -s $scratch/serve.out ]] && break
    kill -0 "$serve_pid" 2>/dev/null || { cat "$scratch/serve.err"; fail "issuer serve exited at start"; }
    sleep 0.1
done
url=$(head -1 "$scratch/serve.out")
[[ $url == http://127.0.0.1:* ]] || { cat "$scratch/serve.err"; fail "issuer serve printed no URL"; }
[[ -s $scratch/issuer.sqlite ]] || fail "issuer serve created no SQLite database"
if command -v curl >/dev/null; then
    curl -fsS "$url/.well-known/openid-configuration" | grep -q '"issuer"' || fail "the issuer does not answer discovery"
fi
kill "$serve_pid"
wait "$serve_pid" || fail "issuer serve did not stop cleanly on SIGTERM"
echo "PASS"
