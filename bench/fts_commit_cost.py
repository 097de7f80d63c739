#!/usr/bin/env python3
"""What FTS5 costs a row as a function of rows per commit and of the index's shape (docs/performance.md,
"Keyword search"), in SQLite alone: an FTS5 table with the store's columns and tokenizer
(src/schema/search_tables.cpp), in :memory: (CPU only, no disk), text of 8-40 words drawn from a
20 000-word Zipf vocabulary, and a scope column of one thread term and one resource term per row.

  python3 bench/fts_commit_cost.py          (about a minute on the 2-vCPU VM)

Prints microseconds per inserted row for
  - 1, 10 and 1000 rows per commit, on an empty index and on one of 100 000 rows grown 1000 rows a commit;
  - 10 rows per commit on a 100 000-row index grown 10 rows a commit (as an application writes it), built in
    batches of 5000 (as SearchStore::enable() builds it), and built in batches then merged with FTS5's
    incremental 'merge' (as enable() now finishes);
  - the segments one transaction of 10 rows leaves with and without a SAVEPOINT around each row (as group commit
    runs each grouped call): FTS5 flushes its pending terms at every savepoint.
"""
import random
import sqlite3
import time

WORDS = 20_000
DDL = "CREATE VIRTUAL TABLE f USING fts5(text, scope, tokenize = 'unicode61 remove_diacritics 2')"
INSERT = "INSERT INTO f (rowid, text, scope) VALUES (?, ?, ?)"


def corpus(n: int) -> list:
    rng = random.Random(1)
    vocabulary = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 9)))
                  for _ in range(WORDS)]
    weights = [1 / (i + 1) for i in range(WORDS)]
    return [" ".join(rng.choices(vocabulary, weights, k=rng.randint(8, 40))) for _ in range(n)]


def row(texts: list, i: int) -> tuple:
    return (i + 1, texts[i], f"t{i % 1000:040x}x r{i % 100:040x}x")


def fill(db, texts: list, start: int, count: int, per_commit: int) -> None:
    for j in range(start, start + count, per_commit):
        db.execute("BEGIN")
        db.executemany(INSERT, [row(texts, i) for i in range(j, min(start + count, j + per_commit))])
        db.execute("COMMIT")


def merge(db) -> None:
    # FTS5's documented test: a step that merged nothing moved total_changes() by less than 2.
    while True:
        before = db.total_changes
        db.execute("INSERT INTO f (f, rank) VALUES ('merge', -500)")
        if db.total_changes - before < 2:
            return


def per_row_us(texts: list, existing: int, built_per_commit: int, merged: bool, per_commit: int,
               rows: int = 4000) -> float:
    db = sqlite3.connect(":memory:", isolation_level=None)
    db.execute(DDL)
    fill(db, texts, 0, existing, built_per_commit)
    if merged:
        merge(db)
    start = time.perf_counter()
    fill(db, texts, existing, rows, per_commit)
    return (time.perf_counter() - start) / rows * 1e6


def data_rows(texts: list, savepoints: bool) -> int:
    db = sqlite3.connect(":memory:", isolation_level=None)
    db.execute(DDL)
    db.execute("INSERT INTO f (f, rank) VALUES ('automerge', 0)")  # keep every segment visible
    db.execute("BEGIN")
    for i in range(10):
        if savepoints:
            db.execute("SAVEPOINT one")
        db.execute(INSERT, row(texts, i))
        if savepoints:
            db.execute("RELEASE one")
    db.execute("COMMIT")
    return db.execute("SELECT count(*) FROM f_data").fetchone()[0]


def main() -> None:
    texts = corpus(110_000)
    print("rows per commit | empty index | 100 000 rows")
    for k in (1, 10, 1000):
        rows = 2000 if k == 1 else 4000
        print(f"{k:>15} | {per_row_us(texts, 0, 1000, False, k, rows):9.1f} µs | "
              f"{per_row_us(texts, 100_000, 1000, False, k, rows):9.1f} µs")
    print("10 rows per commit on 100 000 rows:")
    print(f"  grown 10 a commit        {per_row_us(texts, 100_000, 10, False, 10):6.1f} µs")
    print(f"  built in batches of 5000 {per_row_us(texts, 100_000, 5000, False, 10):6.1f} µs")
    print(f"  the same, then merged    {per_row_us(texts, 100_000, 5000, True, 10):6.1f} µs")
    print("%_data rows after one transaction of 10 rows: "
          f"{data_rows(texts, False)} plain, {data_rows(texts, True)} with a savepoint per row")


if __name__ == "__main__":
    main()
