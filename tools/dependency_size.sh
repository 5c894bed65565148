#!/usr/bin/env bash
# Sums the jar sizes of what an application declaring seg4j-examples' dependencies resolves at run time
# (seg4j-nn, the Linux x86-64 PyTorch CPU natives, slf4j-simple). Prints one line per jar and the total.
#   tools/dependency_size.sh [EXCLUDE_REGEX]     e.g. tools/dependency_size.sh onnxruntime
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp)
mvn -B -q -o -Dstyle.color=never package -DskipTests dependency:list -pl seg4j-examples -am -DincludeScope=runtime \
    -DoutputAbsoluteArtifactFilename=true -DoutputFile="$out" >/dev/null
grep -E '\.jar' "$out" | sed -E 's/ -- module.*//; s/^ +//' | awk -F: '{print $1":"$2"\t"$NF}' \
    | { if [ -n "${1:-}" ]; then grep -Ev "$1"; else cat; fi } \
    | while IFS=$'\t' read -r name file; do printf '%12d  %s\n' "$(stat -c %s "$file")" "$name"; done \
    | sort -rn | awk '{print; total += $1; n++} END {printf "%12d  total of %d jars (%.1f MB, %.1f MiB)\n", total, n, total / 1e6, total / 1048576}'
rm -f "$out"
