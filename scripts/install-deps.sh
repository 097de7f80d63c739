#!/usr/bin/env bash
# Installs everything libsqlstore needs to build and test on Debian 12, from Debian's packages
# (and, for the interoperability and remote tests, from npm). Safe to run again.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

PACKAGES=(
  build-essential cmake pkg-config git
  libsqlite3-dev sqlite3 libcurl4-openssl-dev nlohmann-json3-dev libcli11-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev libcpp-httplib-dev
  clang-14 libclang-rt-14-dev clang-tidy-14 clang-format
  curl openssl
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js (with npm) runs the reference implementation for the interoperability tests. The machine
# image may ship it from another source; only fall back to Debian's packages when it is absent.
if ! command -v node >/dev/null 2>&1; then missing+=(nodejs); fi
if ! command -v npm >/dev/null 2>&1; then missing+=(npm); fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The remote backend's tests run against a real server: tursodb --sync-server from npm.
"$(dirname "$0")/install-tursodb.sh"
# The embedded replica is also tested against the next release of the sync server.
"$(dirname "$0")/install-tursodb.sh" 0.7.0

# The interoperability suite runs the reference (@mastra/libsql 0.13.2, pinned by its lockfile).
interop_dir="$(cd "$(dirname "$0")/.." && pwd)/tests/interop"
# Skipped when the installed tree is already at the lockfile's state.
if [ -f "$interop_dir/package-lock.json" ] &&
   { [ ! -f "$interop_dir/node_modules/@mastra/libsql/package.json" ] ||
     [ "$interop_dir/package-lock.json" -nt "$interop_dir/node_modules/.package-lock.json" ]; }; then
  echo "install-deps: npm ci in tests/interop (the reference implementation)" >&2
  (cd "$interop_dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
