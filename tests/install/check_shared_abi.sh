#!/usr/bin/env bash
# A shared libsqlstore exports its public API and nothing else (-fvisibility=hidden plus
# LIBSQLSTORE_EXPORT), carries the SONAME the package's version promise implies (0.x: major.minor),
# and serves a consumer and the CLI.
#   check_shared_abi.sh SOURCE_DIR VERSION
set -euo pipefail
SRC="$1"; VERSION="$2"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# Unoptimised and without debug info: this build is linked, inspected and run once, and it is the
# longest single test of the g++ leg (-g costs a quarter of its compile time). Without the unity
# build, as a project that adds libsqlstore with add_subdirectory() compiles it: every source file
# compiles alone, with only what it includes itself (CI's one check of that; the other builds and
# clang-tidy compile one src/ folder per unit).
cmake -S "$SRC" -B "$WORK/build" -DBUILD_SHARED_LIBS=ON -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-O0 \
  -DLIBSQLSTORE_UNITY_BUILD=OFF \
  -DLIBSQLSTORE_BUILD_TESTS=OFF -DLIBSQLSTORE_BUILD_BENCH=OFF -DLIBSQLSTORE_BUILD_EXAMPLES=OFF \
  -DCMAKE_INSTALL_PREFIX="$WORK/prefix" >/dev/null
cmake --build "$WORK/build" -j"$(nproc)" >/dev/null
cmake --install "$WORK/build" >/dev/null
lib=$(find "$WORK/prefix" -name 'libsqlstore.so.*.*.*' | head -1)
[ -n "$lib" ] || { echo "no shared library installed" >&2; exit 1; }
major_minor=$(cut -d. -f1,2 <<<"$VERSION")
soname=$(objdump -p "$lib" | awk '/SONAME/ {print $2}')
expected="libsqlstore.so.${major_minor}"
[ "${VERSION%%.*}" = 0 ] || expected="libsqlstore.so.${VERSION%%.*}"
[ "$soname" = "$expected" ] || { echo "SONAME is $soname, expected $expected" >&2; exit 1; }
# Exported libsqlstore symbols: none of the private namespaces.
exported=$(nm -DC --defined-only "$lib" | awk '{ $1=""; $2=""; print }' | grep 'libsqlstore::' || true)
leaked=$(grep -E 'libsqlstore::(core|sqlite|hrana|schema|memory|operations|workflows|scores|traces|evals|json_api::detail|cli)::' <<<"$exported" |
  grep -vE 'typeinfo|vtable' || true)
if [ -n "$leaked" ]; then
  echo "private symbols exported:" >&2; head -20 <<<"$leaked" >&2; exit 1
fi
grep -q 'libsqlstore::LibSQLStore::save_thread' <<<"$exported" || { echo "public API not exported" >&2; exit 1; }
# A consumer and the CLI run on it.
cmake -S "$SRC/examples/consumer" -B "$WORK/consumer" -DCMAKE_PREFIX_PATH="$WORK/prefix" >/dev/null
cmake --build "$WORK/consumer" >/dev/null
out=$(LD_LIBRARY_PATH="$WORK/prefix/lib" "$WORK/consumer/consumer")
[ "${out%% *}" = "installed" ] || { echo "consumer printed: $out" >&2; exit 1; }
(cd "$WORK" && LD_LIBRARY_PATH="$WORK/prefix/lib" "$WORK/prefix/bin/libsqlstore" --url "file:$WORK/demo.db" demo >/dev/null)
echo "shared library check passed: $soname exports $(wc -l <<<"$exported") public symbols, no private ones"
