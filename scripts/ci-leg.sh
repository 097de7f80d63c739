#!/usr/bin/env bash
# One extra CI leg beside the README's `scripts/test.sh` (g++, everything): another compiler or a
# sanitizer, each in its own build directory, warnings as errors. Usage: scripts/ci-leg.sh LEG
#   clang   clang++ 14, -Werror: every test but the install check (which scripts/test.sh runs)
set -euo pipefail
cd "$(dirname "$0")/.."
leg="${1:?usage: scripts/ci-leg.sh clang}"
jobs="$(nproc)"
case "$leg" in
  clang)
    dir=build-ci-clang
    CC=clang-14 CXX=clang++-14 cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Debug \
      -DLIBSQLSTORE_WERROR=ON -DLIBSQLSTORE_BUILD_BENCH=OFF >/dev/null
    cmake --build "$dir" -j"$jobs"
    ctest --test-dir "$dir" --output-on-failure -j"$jobs" --timeout 600 -LE install
    ;;
  *)
    echo "ci-leg: unknown leg '$leg'" >&2
    exit 2
    ;;
esac
