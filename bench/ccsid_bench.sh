#!/bin/bash
# CCSID conversion benchmark (bench/ccsid_bench.c): prints its section.
set -eu
cd "$(dirname "$0")/.."
B=${QSHIM_BUILD:-build}
cc -std=c11 -D_GNU_SOURCE -O2 -I"$B/inc/ccsid" -o "$B/ccsid_bench" bench/ccsid_bench.c \
   "$B/lib/libqs_ccsid.a" "$B/lib/libqs_base.a" -licuuc -lz -pthread
"$B/ccsid_bench"
echo "Load average during the run: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; glibc and ICU figures come from the same run, so the ratios hold even when the machine is busy."
echo
