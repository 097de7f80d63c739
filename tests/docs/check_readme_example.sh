#!/usr/bin/env bash
# The README's C++ example is examples/quickstart/main.cpp (the lines between its [readme]
# markers), which the build compiles and the example_quickstart test runs: the README cannot drift
# from code that works.
set -euo pipefail
root="$1"
example=$(sed -n '/^\/\/ \[readme\]$/,/^\/\/ \[\/readme\]$/p' "$root/examples/quickstart/main.cpp" | sed '1d;$d')
readme=$(awk '/^```cpp$/{on=1; next} /^```$/{if(on){exit}} on' "$root/README.md")
if [ "$example" != "$readme" ]; then
  echo "README.md's first C++ block differs from examples/quickstart/main.cpp:" >&2
  diff <(printf '%s\n' "$readme") <(printf '%s\n' "$example") >&2 || true
  exit 1
fi
