#!/usr/bin/env bash
# Two builds of libsqlstore-bench side by side, rounds alternating, on the same machine in one run:
# the check that a change made no phase slower. Prints, per mode and phase, the median ops/s of
# each build and the median of the per-round ratios NEW/OLD.
#   bench/compare_builds.sh OLD_BENCH NEW_BENCH [N] [ROUNDS] [MODES]
#   e.g. bench/compare_builds.sh /tmp/base/build/bench/libsqlstore-bench build/bench/libsqlstore-bench
# MODES: "memory file" (default). File rounds use a fresh database in $TMPDIR each time.
set -euo pipefail
old="${1:?usage: compare_builds.sh OLD_BENCH NEW_BENCH [N] [ROUNDS] [MODES]}"
new="${2:?usage: compare_builds.sh OLD_BENCH NEW_BENCH [N] [ROUNDS] [MODES]}"
n="${3:-10000}"
rounds="${4:-5}"
modes="${5:-memory file}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for mode in $modes; do
  for ((r = 1; r <= rounds; ++r)); do
    for side in old new; do
      bin="$old"; [ "$side" = new ] && bin="$new"
      url=":memory:"; [ "$mode" = file ] && url="file:$work/$side-$r.db"
      "$bin" "$url" "$n" | sed "s/^/$mode $side $r /" >>"$work/lines"
    done
  done
done
python3 - "$work/lines" <<'PY'
import json, statistics, sys
runs = {}
for line in open(sys.argv[1]):
    mode, side, rnd, payload = line.split(' ', 3)
    j = json.loads(payload)
    if 'ops_per_sec' not in j:
        continue
    runs.setdefault((mode, j['phase']), {}).setdefault(side, {})[rnd] = j['ops_per_sec']
print('| mode | phase | old ops/s | new ops/s | new/old (median of rounds) |')
print('|---|---|---:|---:|---:|')
for (mode, phase), sides in runs.items():
    old, new = sides['old'], sides['new']
    ratios = [new[r] / old[r] for r in old if r in new and old[r] > 0]
    print(f"| {mode} | {phase} | {statistics.median(old.values()):,.0f} | "
          f"{statistics.median(new.values()):,.0f} | {statistics.median(ratios):.2f}x |")
PY
