#!/usr/bin/env bash
# Installs the built tree into a temporary prefix, then builds and runs examples/consumer against
# it with find_package(libsqlstore), and compiles the same program with pkg-config.
set -euo pipefail
SRC="$1"; BUILD="$2"
# The library's own compile flags (e.g. -fsanitize=...): a sanitized library needs a sanitized consumer.
FLAGS="${3:-}"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cmake --install "$BUILD" --prefix "$WORK/prefix" >/dev/null
test -f "$WORK/prefix/include/libsqlstore/libsqlstore.hpp"
test -f "$WORK/prefix/include/libsqlstore/version.hpp"
test -f "$WORK/prefix/lib/cmake/libsqlstore/libsqlstoreConfig.cmake"
test -f "$WORK/prefix/lib/pkgconfig/libsqlstore.pc"
if grep -rl -e '<sqlite3.h>' -e '<curl/curl.h>' "$WORK/prefix/include/libsqlstore"; then
  echo "public headers must not include sqlite3.h or curl.h" >&2; exit 1
fi
cmake -S "$SRC/examples/consumer" -B "$WORK/consumer" -DCMAKE_PREFIX_PATH="$WORK/prefix" \
  -DCMAKE_CXX_FLAGS="$FLAGS" -DCMAKE_EXE_LINKER_FLAGS="$FLAGS" >/dev/null
cmake --build "$WORK/consumer" >/dev/null
out=$("$WORK/consumer/consumer")
[ "${out%% *}" = "installed" ] || { echo "consumer printed: $out" >&2; exit 1; }
# pkg-config users
export PKG_CONFIG_PATH="$WORK/prefix/lib/pkgconfig"
g++ -std=c++20 $FLAGS "$SRC/examples/consumer/main.cpp" -o "$WORK/pc_consumer" \
  $(pkg-config --cflags libsqlstore) $(pkg-config --libs libsqlstore)
out=$("$WORK/pc_consumer")
[ "${out%% *}" = "installed" ] || { echo "pkg-config consumer printed: $out" >&2; exit 1; }
echo "install check passed: find_package and pkg-config consumers run"
