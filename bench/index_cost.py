#!/usr/bin/env python3
"""What each index on mastra_workflow_snapshot costs an insert, in SQLite alone (docs/performance.md).

Inserts 3000 runs of a 2.2 KB snapshot with persist_workflow_snapshot's upsert into :memory:, with
the first K of the store's four extra indexes (src/schema/tables.cpp). Count the instructions with
callgrind and compare sqlite3_step across K:

  for k in 0 2 4; do
    valgrind --tool=callgrind --callgrind-out-file=cg$k.out python3 bench/index_cost.py $k
    callgrind_annotate --inclusive=yes cg$k.out | grep 'sqlite3_step '
  done
(pyenv users: run the interpreter itself, `python3 -c 'import sys; print(sys.executable)'`.)
"""
import random
import sqlite3
import sys
import uuid

INDEXES = ["workflow_name, createdAt", "resourceId, createdAt", "createdAt", "run_id, createdAt"]
UPSERT = (
    "INSERT INTO mastra_workflow_snapshot (workflow_name, run_id, resourceId, snapshot, createdAt, "
    "updatedAt) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(workflow_name, run_id) DO UPDATE SET "
    "snapshot = excluded.snapshot, updatedAt = excluded.updatedAt, "
    "resourceId = COALESCE(excluded.resourceId, mastra_workflow_snapshot.resourceId)")


def main() -> None:
    k = int(sys.argv[1]) if len(sys.argv) > 1 else len(INDEXES)
    db = sqlite3.connect(":memory:", isolation_level=None)
    db.execute("CREATE TABLE mastra_workflow_snapshot (workflow_name TEXT NOT NULL, run_id TEXT NOT "
               "NULL, resourceId TEXT, snapshot TEXT NOT NULL, createdAt TEXT NOT NULL, updatedAt "
               "TEXT NOT NULL, PRIMARY KEY (workflow_name, run_id))")
    for i, columns in enumerate(INDEXES[:k]):
        db.execute(f"CREATE INDEX extra_{i} ON mastra_workflow_snapshot ({columns})")
    rng = random.Random(1)
    snapshot = '{"x":"' + "a" * 2200 + '"}'
    for i in range(3000):
        at = f"2025-01-01T{i // 3600:02d}:{i // 60 % 60:02d}:{i % 60:02d}.000Z"
        run_id = str(uuid.UUID(int=rng.getrandbits(128)))
        db.execute(UPSERT, (f"wf-{i % 5}", run_id, f"resource-{i % 10}", snapshot, at, at))


if __name__ == "__main__":
    main()
