#!/usr/bin/env bash
# scripts/check-unity-names.sh finds a name two files of one folder define (checked on a tree
# made here), and src/ has none.
set -euo pipefail
repo="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/src/domain" "$tmp/src/other"
printf 'namespace x {\nnamespace {\nint helper(int a) { return a; }\n}  // namespace\n}  // namespace x\n' \
  >"$tmp/src/domain/a.cpp"
printf 'namespace x {\nnamespace {\nstd::string helper(const std::string& s) { return s; }\n}  // namespace\n}  // namespace x\n' \
  >"$tmp/src/domain/b.cpp"
# The same name in another folder is another unit: not reported.
cp "$tmp/src/domain/a.cpp" "$tmp/src/other/a.cpp"
if out=$("$repo/scripts/check-unity-names.sh" "$tmp"); then
  echo "FAIL: a name defined by two files of one folder was not reported" >&2
  exit 1
fi
grep -q "^  helper: src/domain/a.cpp, src/domain/b.cpp$" <<<"$out" ||
  { echo "FAIL: unexpected report:" >&2; echo "$out" >&2; exit 1; }
if grep -q "src/other" <<<"$out"; then echo "FAIL: reported across folders: $out" >&2; exit 1; fi
"$repo/scripts/check-unity-names.sh" "$repo"
