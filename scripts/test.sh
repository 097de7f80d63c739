#!/usr/bin/env bash
# Builds everything and runs the whole test suite: unit tests, the conformance suite on every
# backend, the install/consumer check and the format check. Servers the tests need are started
# by the tests themselves (see tests/CMakeLists.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${BUILD_DIR:-build}"
scripts/build.sh
ctest --test-dir "$BUILD_DIR" --output-on-failure -j"$(nproc)" --timeout 600
scripts/check-format.sh
scripts/check-tracked.sh
