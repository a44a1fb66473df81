#!/bin/bash
# Spool → PDF benchmark: a 1,000-page, 132-column invoice register as *FCFC
# records and as an SCS stream, converted by splf2pdf, against enscript +
# ps2pdf on the same text in the same run.  Prints a Markdown section.
set -eu
cd "$(dirname "$0")/.."
B=${QSHIM_BUILD:-build}/bin
T=$(mktemp -d /tmp/qs-spool-bench-XXXXXX)
trap 'rm -rf "$T"' EXIT
PAGES=${SPOOL_BENCH_PAGES:-1000}
RUNS=${SPOOL_BENCH_RUNS:-5}
python3 bench/mkspool.py --fcfc "$PAGES" > "$T/r.fcfc"
python3 bench/mkspool.py --scs "$PAGES" > "$T/r.scs"
python3 bench/mkspool.py --text "$PAGES" > "$T/r.txt"

# "best_wall median_wall median_cpu" seconds over $runs runs of "$@"
# (cpu = user + sys, children included: less sensitive to a busy machine)
timeit() {
  local runs=$1; shift
  local TIMEFORMAT='%R %U %S' i
  for i in $(seq 1 "$runs"); do
    { time "$@" >/dev/null 2>&1; } 2>&1 | tail -n 1
  done > "$T/times"
  local best med cpu
  best=$(awk '{ print $1 }' "$T/times" | sort -n | head -n 1)
  med=$(awk '{ print $1 }' "$T/times" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  cpu=$(awk '{ print $2 + $3 }' "$T/times" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  echo "$best $med $cpu"
}
pps() { awk -v p="$PAGES" -v s="$1" 'BEGIN { printf "%.0f", p / s }'; }

read -r f_best f_med f_cpu < <(timeit "$RUNS" "$B/splf2pdf" --quiet --ctlchar fcfc "$T/r.fcfc" "$T/f.pdf")
read -r s_best s_med s_cpu < <(timeit "$RUNS" "$B/splf2pdf" --quiet --ctlchar scs "$T/r.scs" "$T/s.pdf")
read -r t_best t_med t_cpu < <(timeit "$RUNS" "$B/splf2pdf" --quiet "$T/r.txt" "$T/t.pdf")
peer() { enscript -q -B -r -f Courier7 --columns=1 -p "$T/x.ps" "$T/r.txt" && ps2pdf "$T/x.ps" "$T/x.pdf"; }
read -r e_best e_med e_cpu < <(timeit 3 peer)

for f in f s t x; do
  qpdf --check "$T/$f.pdf" >/dev/null 2>&1 || { echo "qpdf --check failed on $f.pdf" >&2; exit 1; }
done
pages_of() { pdfinfo "$1" | awk '/^Pages:/ { print $2 }'; }
[ "$(pages_of "$T/f.pdf")" = "$PAGES" ] && [ "$(pages_of "$T/s.pdf")" = "$PAGES" ] || { echo "page count mismatch" >&2; exit 1; }

ep=$(pps "$e_med")
row() { # name best median cpu file
  local p; p=$(pps "$3")
  printf '| %s | %s | %s | %s | **%s** | %s | **%.1f×** | %.1f× |\n' "$1" "$2" "$3" "$4" "$p" \
    "$(stat -c %s "$5" | awk '{ printf "%.2f MB", $1 / 1e6 }')" \
    "$(awk -v a="$p" -v b="$ep" 'BEGIN { print a / b }')" \
    "$(awk -v a="$4" -v b="$e_cpu" 'BEGIN { print b / a }')"
}
echo "## Spool → PDF (spool/)"
echo
echo "Input: \`bench/mkspool.py\`, $PAGES pages × 66 lines × 132 columns (invoice register), $(stat -c %s "$T/r.txt" | awk '{ printf "%.1f MB", $1 / 1e6 }') of text."
echo "qshim: \`splf2pdf\` ($RUNS runs, wall seconds best / median; pages/s from the median)."
echo "Peer, same text, same run: \`enscript -q -B -r -f Courier7 --columns=1 -p x.ps && ps2pdf x.ps x.pdf\` (3 runs)."
echo "Every output passes \`qpdf --check\` and has $PAGES pages."
echo
echo "| Conversion | best s | median s | median CPU s | pages/s | PDF size | vs peer (wall) | vs peer (CPU) |"
echo "|---|---|---|---|---|---|---|---|"
row "qshim *FCFC → PDF" "$f_best" "$f_med" "$f_cpu" "$T/f.pdf"
row "qshim SCS → PDF" "$s_best" "$s_med" "$s_cpu" "$T/s.pdf"
row "qshim text → PDF" "$t_best" "$t_med" "$t_cpu" "$T/t.pdf"
printf '| enscript + ps2pdf (peer) | %s | %s | %s | %s | %s | 1.0× | 1.0× |\n' "$e_best" "$e_med" "$e_cpu" "$ep" \
  "$(stat -c %s "$T/x.pdf" | awk '{ printf "%.2f MB", $1 / 1e6 }')"
echo
echo "Goal: ≥ 20× the peer.  Load average during the run: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores;"
echo "the machine is shared, so wall times are noisy and the CPU-time ratio is the steadier figure."
echo "qshim builds a page's content while a second thread deflates the previous one (zlib level 1)."
