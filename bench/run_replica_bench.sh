#!/usr/bin/env bash
# Runs libsqlstore-replica-bench on a fresh `tursodb --sync-server` (started and stopped by
# tests/backends/hrana/run_tursodb_suite.sh, which sets $LIBSQLSTORE_TEST_REMOTE_URL).
#   bench/run_replica_bench.sh build/bench/libsqlstore-replica-bench [--messages N] ...
# Exit 77 when tursodb is not installed (scripts/install-tursodb.sh).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
exec "$here/../tests/backends/hrana/run_tursodb_suite.sh" "$@"
