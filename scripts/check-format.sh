#!/usr/bin/env bash
# Fails when a C++ file is not clang-formatted (.clang-format at the root).
set -euo pipefail
cd "$(dirname "$0")/.."
files=$(git ls-files '*.cpp' '*.hpp' '*.h' '*.cc' 2>/dev/null || find include src tools tests bench examples -name '*.[ch]pp')
bad=()
for f in $files; do
  [ -f "$f" ] || continue
  clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [ "${#bad[@]}" -gt 0 ]; then
  echo "check-format: not clang-formatted (run: clang-format -i FILE): ${bad[*]}" >&2
  exit 1
fi
echo "check-format: ${#files} bytes of file names checked, all formatted" >/dev/null
