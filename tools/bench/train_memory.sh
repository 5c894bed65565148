#!/usr/bin/env bash
# Samples the resident memory of a 200-step ISBI U-Net training run (validation and checkpoints every 50 steps),
# and its speed (the last progress line), with glibc's default allocator settings, with the fixed mmap threshold the
# ./seg4j launcher falls back to, and with jemalloc (what ./seg4j uses when libjemalloc2 is installed).
# Usage (from the repository root, with ../shared/data beside it): bash tools/bench/train_memory.sh
set -euo pipefail
jar=seg4j-cli/target/seg4j.jar
[ -f "$jar" ] || mvn -B -q -DskipTests package -pl seg4j-cli -am
work=$(mktemp -d)
cat > "$work/config.json" <<JSON
{"extends": ["$PWD/configs/isbi-unet.json"], "schedule": {"steps": 200},
 "validation": {"every": 50, "checkpointEvery": 50}}
JSON
sample() {
  rm -rf "$work/run"
  env "$@" java -Dai.djl.offline=true -jar "$jar" train --config "$work/config.json" --run-dir "$work/run" \
      > "$work/out.txt" 2>&1 &
  local pid=$!
  local rss=()
  while kill -0 "$pid" 2>/dev/null; do
    sleep 10
    rss+=("$(ps -o rss= -p "$pid" 2>/dev/null | awk '{printf "%.0f", $1/1024}')")
  done
  echo "  RSS every 10 s (MB): ${rss[*]}"
  echo "  last progress line: $(grep '^step ' "$work/out.txt" | tail -1)"
}
echo "glibc defaults:"; sample SEG4J_PROBE=1
echo "MALLOC_MMAP_THRESHOLD_=131072 (./seg4j without jemalloc):"; sample MALLOC_MMAP_THRESHOLD_=131072
jemalloc=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2
if [ -f "$jemalloc" ]; then echo "jemalloc ($jemalloc):"; sample LD_PRELOAD="$jemalloc"; fi
rm -rf "$work"
