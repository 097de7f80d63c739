#!/usr/bin/env bash
# Compares the C++ workload generator's samples with the JavaScript generator's.
#   compare_dump.sh BENCH golden FILE       # against committed `node workload.mjs dump 1000` output
#   compare_dump.sh BENCH node WORKLOAD.mjs # against the generator itself (exit 77 = skipped)
set -euo pipefail
bench=$1 mode=$2 ref=$3
case "$mode" in
  golden) expected=$(cat "$ref") ;;
  node)
    if ! command -v node >/dev/null || [ ! -f "$ref" ]; then
      echo "skipped: node or $ref not available" >&2
      exit 77
    fi
    expected=$(node "$ref" dump 1000) ;;
  *) echo "usage: $0 BENCH golden|node FILE" >&2; exit 2 ;;
esac
actual=$("$bench" --dump 1000)
if [ "$expected" != "$actual" ]; then
  diff <(printf '%s\n' "$expected") <(printf '%s\n' "$actual") | head -40 >&2
  echo "the C++ generator differs from $ref" >&2
  exit 1
fi
echo "generator samples identical to $ref ($(printf '%s\n' "$actual" | wc -l) lines)"
