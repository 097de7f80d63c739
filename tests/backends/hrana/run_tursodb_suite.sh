#!/usr/bin/env bash
# Runs test binaries against a real libSQL-protocol server: starts `tursodb --sync-server` on a
# free loopback port with a fresh database, waits until it answers POST /v2/pipeline, runs each
# given command with LIBSQLSTORE_TEST_REMOTE_URL pointing at it, and always stops the server.
#
#   run_tursodb_suite.sh <command> [args...] [-- <command> [args...]]...
#
# tursodb comes from scripts/install-tursodb.sh; LIBSQLSTORE_TURSODB overrides its location.
# Exit code 77 (ctest: skipped) when it is not installed.
set -euo pipefail

TURSODB="${LIBSQLSTORE_TURSODB:-${HOME}/.cache/libsqlstore/tursodb-0.6.0/tursodb}"
if [ ! -x "$TURSODB" ]; then
  echo "run_tursodb_suite: no tursodb at $TURSODB (run scripts/install-tursodb.sh); skipping" >&2
  exit 77
fi
command -v curl >/dev/null || { echo "run_tursodb_suite: curl is required" >&2; exit 1; }

WORK="$(mktemp -d)"
SERVER_PID=""
stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
cleanup() {
  stop_server
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ready() {
  [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 -X POST \
        -H 'Content-Type: application/json' --data '{"requests":[]}' \
        "http://127.0.0.1:$1/v2/pipeline")" = "200" ]
}

# A free port: pick one at random, retry if tursodb cannot bind it.
PORT=""
for attempt in 1 2 3 4 5; do
  candidate=$((20000 + RANDOM % 30000))
  "$TURSODB" "$WORK/test.db" --sync-server "127.0.0.1:$candidate" >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 100); do
    if ready "$candidate"; then PORT=$candidate; break; fi
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$PORT" ] && break
  echo "run_tursodb_suite: tursodb did not come up on port $candidate (attempt $attempt)" >&2
  stop_server
done
if [ -z "$PORT" ]; then
  cat "$WORK/server.log" >&2 || true
  exit 1
fi
export LIBSQLSTORE_TEST_REMOTE_URL="http://127.0.0.1:$PORT"
echo "run_tursodb_suite: $("$TURSODB" --version) at $LIBSQLSTORE_TEST_REMOTE_URL" >&2

status=0
cmd=()
run() {
  if [ "${#cmd[@]}" -gt 0 ]; then
    "${cmd[@]}" || status=1
    cmd=()
  fi
}
for arg in "$@"; do
  if [ "$arg" = "--" ]; then run; else cmd+=("$arg"); fi
done
run
if [ "$status" -ne 0 ]; then
  echo "run_tursodb_suite: server log:" >&2
  tail -n 50 "$WORK/server.log" >&2 || true
fi
exit "$status"
