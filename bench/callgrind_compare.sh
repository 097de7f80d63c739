#!/usr/bin/env bash
# Instructions per call of each phase's store method, for two builds of libsqlstore-bench, counted
# by callgrind (deterministic: the machine's load does not move them, unlike wall time). The
# check that a change made no phase do more work; bench/compare_builds.sh gives the wall time.
#   bench/callgrind_compare.sh OLD_BENCH NEW_BENCH [N]       (:memory:, N=2000 by default)
set -euo pipefail
old="${1:?usage: callgrind_compare.sh OLD_BENCH NEW_BENCH [N]}"
new="${2:?usage: callgrind_compare.sh OLD_BENCH NEW_BENCH [N]}"
n="${3:-2000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for side in old new; do
  bin="$old"; [ "$side" = new ] && bin="$new"
  valgrind --tool=callgrind --callgrind-out-file="$work/$side.out" "$bin" :memory: "$n" \
    >"$work/$side.jsonl" 2>/dev/null
  callgrind_annotate --inclusive=yes --threshold=100 "$work/$side.out" >"$work/$side.txt" 2>/dev/null
done
python3 - "$work" <<'PY'
import json, re, sys
work = sys.argv[1]
# phase -> the LibSQLStore method it times (a_init also opens the store: init() is measured).
phases = [("a_init", "init"), ("b_save_thread", "save_thread"),
          ("c_save_messages", "save_messages"), ("d_get_messages", "get_messages"),
          ("e_list_threads", "get_threads_by_resource_id_paginated"),
          ("f_persist_snapshot", "persist_workflow_snapshot"),
          ("f_load_snapshot", "load_workflow_snapshot"),
          ("g_update_working_memory", "update_resource"), ("g_update_messages", "update_messages")]
def load(side):
    calls = {}
    for line in open(f"{work}/{side}.jsonl"):
        j = json.loads(line)
        if "ops" in j:
            calls[j["phase"]] = j["ops"]
    cost = {}
    for line in open(f"{work}/{side}.txt"):
        m = re.match(r"\s*([\d,]+) \([^)]*\)\s+\S*:libsqlstore::LibSQLStore::(\w+)\(", line)
        if m:
            ir = int(m.group(1).replace(",", ""))
            cost[m.group(2)] = max(cost.get(m.group(2), 0), ir)
    return calls, cost
old_calls, old_cost = load("old")
new_calls, new_cost = load("new")
print("| phase | method | old instr./call | new instr./call | new/old |")
print("|---|---|---:|---:|---:|")
for phase, method in phases:
    o = old_cost.get(method, 0) / old_calls[phase]
    n = new_cost.get(method, 0) / new_calls[phase]
    print(f"| {phase} | {method} | {o:,.0f} | {n:,.0f} | {n / o:.3f} |" if o else f"| {phase} | {method} | ? | {n:,.0f} | ? |")
PY
