#!/usr/bin/env bash
# ctest entry of the interoperability suites: installs the pinned reference and sync client (npm
# ci, from package-lock.json) when they are missing or stale, then runs interop.mjs (or the
# script given second, e.g. replica_sync.mjs) against the given CLI.
# Exit 77 (ctest: skipped) only when Node.js is not installed at all.
set -euo pipefail
cli="${1:?usage: run.sh path/to/libsqlstore [script.mjs]}"
script="${2:-interop.mjs}"
here="$(cd "$(dirname "$0")" && pwd)"
if ! command -v node >/dev/null 2>&1; then
  echo "interop: node is not installed; skipping the interoperability suite" >&2
  exit 77
fi
major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$major" -lt 20 ]; then
  echo "interop: Node.js >= 20 is required (found $(node --version))" >&2
  exit 1
fi
cd "$here"
if [ ! -f node_modules/@mastra/libsql/package.json ] || [ ! -f node_modules/@tursodatabase/sync/package.json ] ||
   [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "interop: npm ci (installing @mastra/libsql@0.13.2, @mastra/core@0.13.2, @tursodatabase/sync@0.7.2)" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi
exec node "$script" --cli "$cli"
