#!/bin/bash
# make bench: run every benchmark script bench/*_bench.sh against its real peer
# in the same run and collect their sections into bench/results.md.
# Each script prints a Markdown section on stdout (heading "## <topic>").
set -u
cd "$(dirname "$0")/.."
out=bench/results.md.new
{
  echo "# qshim benchmark results"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); run $(date -u +%Y-%m-%dT%H:%MZ)."
  echo "Each figure is measured against its peer in the same run; ratios > 1 mean qshim is faster."
  echo
} > "$out"
rc=0
for s in bench/*_bench.sh; do
  [ -f "$s" ] || continue
  echo "== $s" >&2
  if ! bash "$s" >> "$out"; then
    echo "(benchmark $s failed)" >> "$out"; rc=1
  fi
  echo >> "$out"
done
mv "$out" bench/results.md
cat bench/results.md
exit $rc
