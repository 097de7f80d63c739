#!/usr/bin/env bash
# Installs tursodb (the only real libSQL-protocol server available from a package registry:
# `tursodb --sync-server` speaks Hrana 2 over HTTP and the Turso sync protocol) for the remote-
# backend and replica tests. The binary is about 100 MB, so it lives outside the source tree:
#   $HOME/.cache/libsqlstore/tursodb-VERSION/tursodb
# (for the default version, $LIBSQLSTORE_TURSODB overrides that path).
#   scripts/install-tursodb.sh [VERSION]   (default 0.6.0; the replica tests also use 0.7.0)
# Safe to run again: does nothing when the binary is already there and runs.
set -euo pipefail
VERSION="${1:-0.6.0}"
if [ "$VERSION" = 0.6.0 ]; then
  DEST="${LIBSQLSTORE_TURSODB:-${HOME}/.cache/libsqlstore/tursodb-${VERSION}/tursodb}"
else
  DEST="${HOME}/.cache/libsqlstore/tursodb-${VERSION}/tursodb"
fi
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
