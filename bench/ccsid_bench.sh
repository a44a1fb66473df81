#!/bin/bash
# CCSID conversion benchmark (bench/ccsid_bench.c): prints its section.
set -eu
cd "$(dirname "$0")/.."
B=${QSHIM_BUILD:-build}
cc -std=c11 -D_GNU_SOURCE -O2 -I"$B/inc/ccsid" -o "$B/ccsid_bench" bench/ccsid_bench.c \
   "$B/lib/libqs_ccsid.a" "$B/lib/libqs_base.a" -licuuc -lz -pthread
"$B/ccsid_bench"
echo "Without AVX-512 (QSHIM_SIMD=avx2: no VBMI/VBMI2 kernels; qs_lut() then uses the scalar loop), qshim alone, MB/s:"
echo
echo "| level | 37 → 819 | 819 → 37 | 37 → 1208 | 1208 → 37 | 930 → 1208 |"
echo "|---|---|---|---|---|---|"
QSHIM_SIMD=avx2 QS_BENCH_QSONLY=1 "$B/ccsid_bench"
echo
echo "The 256-entry lookup kernels alone (16 KiB in L1, QS_LUT_ALL): $(QS_BENCH_KERNELS=1 "$B/ccsid_bench")."
echo "The SSE4.1/AVX2 pshufb kernels lose to the scalar loop here, so qs_lut() does not pick them."
echo
echo "Load average during the run: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; glibc and ICU figures come from the same run, so the ratios hold even when the machine is busy."
echo
