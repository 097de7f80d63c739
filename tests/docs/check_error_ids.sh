#!/usr/bin/env bash
# Every error id the library or the tool can throw (each "LIBSQL_STORE_..." and "LIBSQL_VECTOR_..."
# literal in src/ and tools/) is documented in docs/error-codes.md, and every method of the JSON interface has its id
# there too (`libsqlstore methods --json` lists the ids the dispatcher derives).
set -euo pipefail
root="$1"
cli="${2:-}"
doc="$root/docs/error-codes.md"
ids=$(grep -rhoE '"LIBSQL_(STORE|VECTOR)_[A-Z0-9_]+"' "$root/src" "$root/tools" | tr -d '"' | sort -u)
if [ -n "$cli" ]; then
  ids=$(printf '%s\n%s\n' "$ids" "$("$cli" methods --json | grep -oE 'LIBSQL_(STORE|VECTOR)_[A-Z0-9_]+')" | sort -u)
fi
missing=0
for id in $ids; do
  # A prefix the code completes (LIBSQL_STORE_ + method) is not an id of its own.
  [ "$id" = "LIBSQL_STORE_" ] || [ "$id" = "LIBSQL_VECTOR_" ] && continue
  if ! grep -q "\`$id\`" "$doc"; then
    echo "undocumented error id: $id (add it to docs/error-codes.md)" >&2
    missing=1
  fi
done
[ "$missing" = 0 ] && echo "$(wc -w <<<"$ids") error ids, all documented"
exit "$missing"
