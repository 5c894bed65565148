#!/usr/bin/env bash
# Builds bench.cpp against densecrf's C++ sources (as bundled by pydensecrf: a directory with include/ and src/) and
# runs it. The sources are not in this repository: see README.md for how to get them.
# Usage: run.sh DENSECRF_DIR [bench arguments: --repetitions N, --dump DIR]
# Needs g++ and Eigen 3 (Debian: apt-get install g++ libeigen3-dev). CXXFLAGS overrides "-O3 -march=native".
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="${1:?usage: run.sh DENSECRF_DIR [--repetitions N] [--dump DIR]}"
shift
for f in densecrf.cpp permutohedral.cpp pairwise.cpp unary.cpp labelcompatibility.cpp objective.cpp; do
  [ -f "$src/src/$f" ] || { echo "run.sh: $src/src/$f is missing (expected densecrf's include/ and src/)" >&2; exit 1; }
done
eigen="${EIGEN_INCLUDE:-/usr/include/eigen3}"
[ -f "$eigen/Eigen/Core" ] || { echo "run.sh: no Eigen headers in $eigen (apt-get install libeigen3-dev, or set EIGEN_INCLUDE)" >&2; exit 1; }
flags="${CXXFLAGS:--O3 -march=native}"
bin="${TMPDIR:-/tmp}/densecrf-bench"
stamp="g++ $flags -I$eigen $(cd "$src" && pwd)"
# Rebuild only when the binary is missing, older than a source, or built with other flags or sources, so that a
# timed run (e.g. under a wrapper that pauses other work) does not include the compilation.
if [ ! -x "$bin" ] || [ "$(cat "$bin.flags" 2>/dev/null)" != "$stamp" ] || \
   [ -n "$(find "$here/bench.cpp" "$src/src" "$src/include" -newer "$bin" -print -quit)" ]; then
  # shellcheck disable=SC2086
  g++ $flags -I"$eigen" -I"$src/include" -I"$src/src" -o "$bin" "$here/bench.cpp" \
    "$src"/src/{densecrf,permutohedral,pairwise,unary,labelcompatibility,objective}.cpp
  echo "$stamp" > "$bin.flags"
fi
echo "$bin: g++ $flags ($(g++ -dumpfullversion), Eigen $(sed -n 's/#define EIGEN_\(WORLD\|MAJOR\|MINOR\)_VERSION //p' "$eigen/Eigen/src/Core/util/Macros.h" | paste -sd.))" >&2
exec "$bin" "$@"
