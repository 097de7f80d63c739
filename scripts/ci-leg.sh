#!/usr/bin/env bash
# One extra CI leg beside the README's `scripts/test.sh` (g++, -Werror, everything). Each leg has
# its own build directory (a CMakePresets.json preset) and warnings as errors.
#   asan   clang++ 14 with AddressSanitizer + UndefinedBehaviorSanitizer and -Wthread-safety:
#          every test but the install checks (scripts/test.sh runs those), the benchmark and the
#          conformance suite on tursodb (the hrana_fake variant runs the same client code); the
#          I/O-fault suite in WAL mode with one fault kind, the power-loss suite at 50 points. Its
#          build also has the fuzz targets, the library instrumented for their coverage.
#   tsan   g++ with ThreadSanitizer: the unit, conformance, integration, reliability and replica
#          suites (the replica pulls from a background thread), but the tests run on a tursodb
#          started by a script (the g++ and ASan legs run those) and the single-threaded
#          I/O-fault and power-loss tests (nothing for TSan to see there;
#          ASan runs them). The preset builds neither the CLI nor the examples, which no suite of
#          this leg runs.
#   tidy   clang-tidy 14 with the committed .clang-tidy over src/ and tools/ (a compile database
#          of build-tidy/, configured here and not built); any finding fails the leg. The library
#          is checked one unity unit (one src/ folder) at a time, as the build compiles it: each
#          unit parses the headers once, not once per file (src/memory/'s seven files: 55 s one
#          by one, 12 s as one unit, on the same machine; the leg 527 s -> ~130 s). That every
#          file also compiles alone is checked by the install_shared_abi test of the g++ leg, which
#          builds the library without the unity build.
#   fuzz   the libFuzzer targets (tests/fuzz) under ASan + UBSan that the asan leg built (run that
#          leg first), each for $FUZZ_SECONDS (default 20), as many at once as there are cores,
#          from its committed seeds (and dictionary, if it has one); a crash fails the leg and
#          leaves its input in <build>/fuzz/<target>-* (make it a unit test).
#          FUZZ_BUILD_DIR=build-fuzz fuzzes an optimised build of preset fuzz instead (configured
#          and built here), for long runs.
# Usage: scripts/ci-leg.sh asan|tsan|tidy|fuzz
set -euo pipefail
cd "$(dirname "$0")/.."
leg="${1:?usage: scripts/ci-leg.sh asan|tsan|tidy|fuzz}"
jobs="$(nproc)"
case "$leg" in
  asan)
    CC=clang-14 CXX=clang++-14 cmake --preset asan -DLIBSQLSTORE_WERROR=ON >/dev/null
    cmake --build build-asan -j"$jobs"
    # The fault and power-loss suites in WAL mode only, with one fault kind and 50 power failures,
    # the replica on tursodb 0.6.0 only (0.7.0 is a protocol-version check, not a memory one), and
    # not the two 50 MiB JSON-RPC lines (70 s each here; the same reader and parser run on every
    # other line and in the json_api fuzz target), and not the conformance suite on a real tursodb
    # (200 s here: the client code it runs is the one the hrana_fake variant of every test runs
    # under ASan, and the replica's own tests still talk to a real tursodb): their full runs are
    # the g++ leg's; under ASan they would take the leg past CI's time budget.
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
      LIBSQLSTORE_FAULT_MODES=any LIBSQLSTORE_POWER_LOSS_POINTS=50 \
      ctest --test-dir build-asan --output-on-failure -j"$jobs" --timeout 900 -LE 'install|bench' \
      -E '(IoFaultTest|PowerLossTest).*/(rollback|grouped)_|^replica_tursodb_0_7_0$|^conformance_remote_tursodb$|^RpcTest\..*FiftyMegabyte'
    ;;
  tsan)
    CC=gcc CXX=g++ cmake --preset tsan -DLIBSQLSTORE_WERROR=ON >/dev/null
    cmake --build build-tsan -j"$jobs"
    # setarch -R: TSan needs the address layout it was built for; newer kernels randomise more.
    # Where the sandbox forbids changing the personality, run without it.
    norandom=(setarch "$(uname -m)" -R)
    "${norandom[@]}" true 2>/dev/null || norandom=()
    TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
      "${norandom[@]}" ctest --test-dir build-tsan --output-on-failure -j"$jobs" \
      --timeout 900 -L 'unit|conformance|integration|reliability|replica' -LE tursodb -E 'IoFault|PowerLoss'
    ;;
  tidy)
    # Configured only: the generated headers (export.hpp, version.hpp) and the unity units are
    # written at configure time, and clang-tidy compiles each unit itself. The units live in
    # build-tidy/, inside the tree, so clang-tidy finds the committed .clang-tidy above them; the
    # files they include are under src/, which HeaderFilterRegex reports on.
    CC=clang-14 CXX=clang++-14 cmake -S . -B build-tidy -DCMAKE_BUILD_TYPE=Debug \
      -DLIBSQLSTORE_UNITY_BUILD=ON -DLIBSQLSTORE_BUILD_TESTS=OFF -DLIBSQLSTORE_BUILD_BENCH=OFF \
      -DLIBSQLSTORE_BUILD_EXAMPLES=OFF -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
    units="build-tidy/src/CMakeFiles/libsqlstore\.dir/Unity/"
    # The exit status is not the verdict (a unit's own `#include "x.cpp"` lines are findings of
    # bugprone-suspicious-include, which only CMake's generated units may have): the log is.
    run-clang-tidy-14 -p build-tidy -quiet -j"$jobs" "^$PWD/(src/|tools/|$units)" \
      >build-tidy/tidy.log 2>&1 || true
    grep -q "clang-tidy-14 .*/Unity/unity_core_cxx\.cxx" build-tidy/tidy.log ||
      { cat build-tidy/tidy.log; echo "clang-tidy: the unity units were not checked" >&2; exit 1; }
    # (run-clang-tidy colours its output: the escapes go before matching.)
    if sed 's/\x1b\[[0-9;]*m//g' build-tidy/tidy.log | grep -E '(warning|error):' |
      grep -vE "^$PWD/$units[^:]*:[0-9]+:[0-9]+: error: suspicious #include of file with '\.cpp' extension"; then
      exit 1
    fi
    echo "clang-tidy: no findings"
    ;;
  fuzz)
    dir="${FUZZ_BUILD_DIR:-build-asan}"
    case "$dir" in
      build-asan)
        test -f build-asan/CMakeCache.txt || {
          echo "ci-leg fuzz: run 'scripts/ci-leg.sh asan' first (its build has the fuzz targets)" >&2
          exit 2
        } ;;
      build-fuzz) CC=clang-14 CXX=clang++-14 cmake --preset fuzz -DLIBSQLSTORE_WERROR=ON >/dev/null ;;
      *) echo "ci-leg fuzz: FUZZ_BUILD_DIR is build-asan (default) or build-fuzz, not '$dir'" >&2; exit 2 ;;
    esac
    cmake --build "$dir" -j"$jobs" --target libsqlstore_fuzz_all
    mkdir -p "$dir"/fuzz
    # One target a core at a time (libFuzzer is single-threaded): each still fuzzes its full time.
    fuzz_one() {
      local target="$1" name="$2" corpus status=0
      corpus=$(mktemp -d)
      cp tests/fuzz/corpus/"$name"/* "$corpus/"
      local dict=()
      [ -f tests/fuzz/"$name".dict ] && dict=(-dict=tests/fuzz/"$name".dict)
      ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
        "$target" -max_total_time="${FUZZ_SECONDS:-20}" -max_len=65536 "${dict[@]}" \
        -artifact_prefix="$dir"/fuzz/"$name"- -print_final_stats=1 "$corpus" \
        >"$dir"/fuzz/"$name".log 2>&1 || status=$?
      rm -rf "$corpus"
      echo "$status" >"$dir"/fuzz/"$name".status
    }
    names=()
    for target in "$dir"/tests/fuzz/libsqlstore_fuzz_*; do
      name="${target##*/libsqlstore_fuzz_}"
      [ "$name" = all ] && continue
      names+=("$name")
      while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
      echo "== fuzz $name for ${FUZZ_SECONDS:-20} s"
      rm -f "$dir"/fuzz/"$name".status
      fuzz_one "$target" "$name" &
    done
    wait
    failed=0
    for name in "${names[@]}"; do
      status=$(cat "$dir"/fuzz/"$name".status 2>/dev/null || echo "no status")
      echo "== $name: exit $status"
      grep -E '^(#[0-9]+[[:space:]]+DONE|stat::number_of_executed_units)' "$dir"/fuzz/"$name".log || true
      if [ "$status" != 0 ]; then
        tail -n 60 "$dir"/fuzz/"$name".log
        echo "fuzz $name: failed (exit $status); the input is in $dir/fuzz/$name-*" >&2
        failed=1
      fi
    done
    [ "$failed" -eq 0 ] || exit 1
    ;;
  *)
    echo "ci-leg: unknown leg '$leg'" >&2
    exit 2
    ;;
esac
