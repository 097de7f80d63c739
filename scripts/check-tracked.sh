#!/usr/bin/env bash
# Fails when a file the tests or benchmarks read is on disk but ignored by git: it exists on the
# machine that wrote it and is missing from every clean clone, so CI fails where local runs pass
# (a reference-written fixture database once hid behind `*.db`). Build trees, installed npm
# packages and Python's bytecode caches are the only ignored things allowed under the source
# folders.
set -euo pipefail
cd "$(dirname "$0")/.."
git rev-parse --is-inside-work-tree >/dev/null 2>&1 || exit 0  # a source tarball: nothing to compare
ignored=$(git status --ignored --porcelain -- include src tools tests bench examples docs scripts cmake \
  | sed -n 's/^!! //p' | grep -v -E '(^|/)(node_modules|__pycache__)/$' || true)
if [ -n "$ignored" ]; then
  echo "check-tracked: these files are ignored by git, so a clean clone lacks them:" >&2
  echo "$ignored" >&2
  echo "(commit them, un-ignoring them in .gitignore, or delete them)" >&2
  exit 1
fi
