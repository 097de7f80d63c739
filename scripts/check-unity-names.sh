#!/usr/bin/env bash
# The unity build (LIBSQLSTORE_UNITY_BUILD, src/CMakeLists.txt) compiles the files of one src/
# folder as one unit. Two of its files that define the same name at namespace scope, in an
# anonymous namespace or not, then either fail to compile (the same signature) or, worse, become
# overloads of each other, and a call may silently pick the other file's function. This lists
# every function, constant and type defined at namespace scope (a line that starts in column 0,
# as .clang-format writes them) by more than one .cpp file of a folder. Exit 1 when there is any.
# Usage: scripts/check-unity-names.sh [source root, default: the repository]
set -euo pipefail
root="${1:-$(cd "$(dirname "$0")/.." && pwd)}"

# The names `file` defines at namespace scope, one per line: functions (not Class::member
# definitions), k-constants and struct/class/enum definitions. (Type aliases may repeat: the same
# alias twice is legal, a different one a compile error.)
names_of() {
  local file="$1"
  { grep -E '^[A-Za-z_][^=;(]*[ *&][a-z_][A-Za-z0-9_]*\(' "$file" || true; } |
    { grep -vE '^(namespace|using|return|template|case|if|for|while|switch)\b' || true; } |
    sed -E 's/^[^(]*[ *&]([a-z_][A-Za-z0-9_]*)\(.*/\1/'
  { grep -E '^(static |inline )*(constexpr|const) [^=(]*\bk[A-Z][A-Za-z0-9_]*' "$file" || true; } |
    sed -E 's/.*\b(k[A-Z][A-Za-z0-9_]*).*/\1/'
  { grep -E '^(struct|class|enum class|enum) [A-Za-z_][A-Za-z0-9_]*( final)? *[:{]' "$file" || true; } |
    sed -E 's/^(struct|class|enum class|enum) ([A-Za-z_][A-Za-z0-9_]*).*/\2/'
}

status=0
while IFS= read -r dir; do
  found=$(
    for file in "$dir"/*.cpp; do
      names_of "$file" | sort -u | sed "s|\$|	${file#"$root"/}|"
    done | sort | awk -F'\t' '
      $1 == name { files = files ", " $2; n++; next }
      { if (n > 1) print name ": " files; name = $1; files = $2; n = 1 }
      END { if (n > 1) print name ": " files }'
  )
  if [ -n "$found" ]; then
    echo "${dir#"$root"/}: names defined in more than one file (rename one; see src/CMakeLists.txt):"
    printf '%s\n' "$found" | sed 's/^/  /'
    status=1
  fi
done < <(find "$root/src" -name '*.cpp' -printf '%h\n' | sort -u)
if [ "$status" -eq 0 ]; then echo "unity names: each folder of src/ defines every name once"; fi
exit "$status"
