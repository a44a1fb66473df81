#!/bin/bash
# Run every libFuzzer target in $1 for $2 seconds each, with its committed
# corpus (tests/fuzz/corpus/<name>) as seeds.  Fails on the first crash.
set -u
dir=$1; secs=$2; rc=0
for f in "$dir"/fuzz_*; do
  [ -x "$f" ] || continue
  n=$(basename "$f")
  work=build-fuzz/corpus/$n; mkdir -p "$work"
  seeds=""; [ -d tests/fuzz/corpus/$n ] && seeds=tests/fuzz/corpus/$n
  echo "== $n (${secs}s)"
  if ! "$f" -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix=build-fuzz/ "$work" $seeds > build-fuzz/$n.log 2>&1; then
    tail -n 40 build-fuzz/$n.log; rc=1
  else
    grep -E '^#[0-9]+.*DONE|Done [0-9]+ runs' build-fuzz/$n.log | tail -n 1
  fi
done
exit $rc
