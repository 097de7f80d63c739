#!/usr/bin/env bash
# The Debian package, as a user gets it: cpack on the README build (scripts/test.sh ran it), then
# `dpkg -i`, then the consumer example built against /usr with find_package and with pkg-config,
# the installed tool run, and the package removed again.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${BUILD_DIR:-build}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
rm -rf "$BUILD_DIR/package"
(cd "$BUILD_DIR" && cpack -G DEB -B package >/dev/null)
deb=$(ls "$BUILD_DIR"/package/libsqlstore-dev_*.deb)
contents=$(dpkg-deb --contents "$deb")
for f in usr/bin/libsqlstore usr/include/libsqlstore/libsqlstore.hpp usr/share/man/man1/libsqlstore.1 \
         usr/lib/cmake/libsqlstore/libsqlstoreConfig.cmake usr/lib/pkgconfig/libsqlstore.pc; do
  grep -q " \./$f\$" <<<"$contents" || { echo "ci-package: $deb lacks /$f" >&2; exit 1; }
done
$SUDO dpkg -i "$deb" >/dev/null
WORK=$(mktemp -d)
trap '$SUDO dpkg -r libsqlstore-dev >/dev/null; rm -rf "$WORK"' EXIT
# find_package(libsqlstore) finds the package in /usr without hints.
cmake -S examples/consumer -B "$WORK/consumer" >/dev/null
cmake --build "$WORK/consumer" >/dev/null
out=$("$WORK/consumer/consumer")
[ "${out%% *}" = "installed" ] || { echo "ci-package: consumer printed: $out" >&2; exit 1; }
g++ -std=c++20 examples/consumer/main.cpp -o "$WORK/pc_consumer" \
  $(pkg-config --cflags libsqlstore) $(pkg-config --libs libsqlstore)
out=$("$WORK/pc_consumer")
[ "${out%% *}" = "installed" ] || { echo "ci-package: pkg-config consumer printed: $out" >&2; exit 1; }
/usr/bin/libsqlstore --url "file:$WORK/demo.db" demo >/dev/null
grep -q '^\.SS export' /usr/share/man/man1/libsqlstore.1
echo "ci-package: $(basename "$deb") installs, and find_package, pkg-config and the tool work from /usr"
