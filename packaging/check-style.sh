#!/usr/bin/env bash
# Style kept by tools; .ci/run calls it after the build, and anyone can run it before a commit.
#  1. clang-format: every C++ file in the repository matches .clang-format, with the clang-format that
#     packaging/install-deps.sh installs. Fix drift with: clang-format -i FILE…
#  2. clang-tidy: no warning on the lines a change touched (clang-tidy-diff over `git diff -U0 BASE`), with the
#     checks in .clang-tidy and the compile commands of BUILD_DIR. Warnings already in untouched lines are left to
#     the change that next edits them.
# Usage: packaging/check-style.sh [--format-only] [BUILD_DIR]   (default build/asan-ubsan; configured first)
# BASE is TOKENSCOPE_STYLE_BASE, or HEAD~1: the change being submitted; .ci/run passes .ci/tidy-base, the commit the
# previous stop ended on. --format-only skips step 2, which needs a configured build and takes about a minute per
# changed .cpp file on two cores (clang-analyzer dominates).
set -euo pipefail
cd "$(dirname "$0")/.."
format_only=0
if [ "${1:-}" = "--format-only" ]; then
  format_only=1
  shift
fi
build_dir="${1:-build/asan-ubsan}"
status=0

mapfile -t sources < <(git ls-files '*.cpp' '*.h')
drifted=()
for file in "${sources[@]}"; do
  clang-format --dry-run --Werror "$file" >/dev/null 2>&1 || drifted+=("$file")
done
if [ ${#drifted[@]} -gt 0 ]; then
  echo "check-style: ${#drifted[@]} file(s) differ from .clang-format; run clang-format -i on:" >&2
  printf '  %s\n' "${drifted[@]}" >&2
  status=1
else
  echo "check-style: clang-format clean (${#sources[@]} files)"
fi

if [ $format_only -eq 1 ]; then
  exit $status
fi

base="${TOKENSCOPE_STYLE_BASE:-HEAD~1}"
if ! command -v clang-tidy-diff-14.py >/dev/null; then
  echo "check-style: clang-tidy-diff-14.py is missing; run packaging/install-deps.sh (package clang-tidy)" >&2
  exit 1
fi
if ! git rev-parse --verify --quiet "${base}^{commit}" >/dev/null \
  && [ "$(git rev-parse --is-shallow-repository)" = true ]; then
  git fetch --quiet --unshallow || true # a shallow clone may lack the base; its origin usually has it
fi
if ! git rev-parse --verify --quiet "${base}^{commit}" >/dev/null; then
  echo "check-style: clang-tidy needs the base commit $base, which this clone lacks (shallow?); fetch it or set" \
       "TOKENSCOPE_STYLE_BASE" >&2
  exit 1
fi
if [ ! -f "$build_dir/compile_commands.json" ]; then
  echo "check-style: no $build_dir/compile_commands.json; configure first (cmake --preset asan-ubsan)" >&2
  exit 1
fi
tidy_log="$(mktemp)"
trap 'rm -f "$tidy_log"' EXIT
git diff -U0 --no-color "$base" -- '*.cpp' \
  | clang-tidy-diff-14.py -p1 -path "$build_dir" -j "$(nproc)" -quiet -iregex '.*\.cpp' >"$tidy_log" 2>&1 || true
if grep -qE '(warning|error): ' "$tidy_log"; then
  echo "check-style: clang-tidy found problems on lines changed since $base:" >&2
  grep -E -A3 '(warning|error): ' "$tidy_log" >&2
  status=1
else
  echo "check-style: clang-tidy clean on the lines changed since $base"
fi
exit $status
