#!/usr/bin/env bash
# Installs tursodb 0.6.0 (the only real libSQL-protocol server available from a package registry:
# `tursodb --sync-server` speaks Hrana 2 over HTTP) for the remote-backend tests. The binary is
# about 100 MB, so it lives outside the source tree:
#   ${LIBSQLSTORE_TURSODB:-$HOME/.cache/libsqlstore/tursodb-0.6.0/tursodb}
# Safe to run again: does nothing when the binary is already there and runs.
set -euo pipefail
VERSION=0.6.0
DEST="${LIBSQLSTORE_TURSODB:-${HOME}/.cache/libsqlstore/tursodb-${VERSION}/tursodb}"
if [ -x "$DEST" ] && "$DEST" --version >/dev/null 2>&1; then
  exit 0
fi
if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "install-tursodb: no tursodb build for $(uname -s)-$(uname -m); the remote tests against it will be skipped" >&2
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "install-tursodb: npm is required (apt-get install npm)" >&2
  exit 1
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
echo "install-tursodb: fetching @tursodatabase/cli-linux-x64-gnu@${VERSION} from npm" >&2
(cd "$WORK" && npm pack --silent "@tursodatabase/cli-linux-x64-gnu@${VERSION}" >/dev/null)
tar -xzf "$WORK"/tursodatabase-cli-linux-x64-gnu-${VERSION}.tgz -C "$WORK" package/tursodb
mkdir -p "$(dirname "$DEST")"
install -m 0755 "$WORK/package/tursodb" "$DEST.tmp"
mv -f "$DEST.tmp" "$DEST"
"$DEST" --version >&2
