#!/usr/bin/env bash
# `libsqlstore demo` on a fresh database file prints the thread and both messages, oldest first.
set -euo pipefail
CLI="$1"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
out=$("$CLI" --url "file:$WORK/demo.db" demo 2>"$WORK/stderr")
fail() { echo "$1" >&2; echo "--- output:" >&2; echo "$out" >&2; exit 1; }
grep -q '^thread demo-thread (Hello from libsqlstore), resource demo-user, 2 messages:$' <<<"$out" ||
  fail "missing thread line"
[ "$(grep -c '^  \[' <<<"$out")" = 2 ] || fail "expected exactly two message lines"
grep -A1 '\] user: What is libsqlstore?$' <<<"$out" |
  grep -q '\] assistant: The storage of Mastra agents, in C++, on SQLite or libSQL.$' ||
  fail "messages missing or out of order"
grep -q "database: $WORK/demo.db" "$WORK/stderr" || fail "stderr does not name the database"
# Running it again on the same file is idempotent (upserts).
out=$("$CLI" --url "file:$WORK/demo.db" demo 2>/dev/null)
grep -q ', 2 messages:$' <<<"$out" || fail "second run changed the message count"
