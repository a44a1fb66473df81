#!/bin/bash
# CL interpreter figures: a CL program's arithmetic loop against the same
# loop in bash (the shell interpreter a qshim user would otherwise script
# with), and compile + run of a 50,000-statement CL program.
set -u
cd "$(dirname "$0")/.."
Q=build/bin/qcl
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export QSYS_ROOT=$T/root
N=1000000

cat >"$T/loop.clp" <<CL
PGM
  DCL &I *INT 4
  DCL &S *DEC (15 0)
  DOFOR VAR(&I) FROM(1) TO($N)
    CHGVAR &S (&S + &I)
  ENDDO
  SNDPGMMSG MSG(%CHAR(&S)) TOPGMQ(*EXT)
ENDPGM
CL
now() { date +%s.%N; }
t0=$(now); cl_out=$("$Q" -f "$T/loop.clp" 2>&1); t1=$(now)
sh_out=$(bash -c "s=0; for ((i=1;i<=$N;i++)); do s=\$((s+i)); done; echo \$s"); t2=$(now)
cl=$(awk "BEGIN{print $t1 - $t0}"); sh=$(awk "BEGIN{print $t2 - $t1}")

{
  echo "PGM"; echo "  DCL &A *CHAR 20"; echo "  DCL &N *DEC (9 2)"
  for ((k=0;k<25000;k++)); do
    echo "  CHGVAR VAR(&A) VALUE('x' *BCAT %CHAR(&N)) /* statement $k */"
    echo "  CHGVAR &N (&N + 0.25)"
  done
  echo "ENDPGM"
} >"$T/big.clp"
t3=$(now); "$Q" -f "$T/big.clp" >/dev/null 2>&1; rc=$?; t4=$(now)
big=$(awk "BEGIN{print $t4 - $t3}")

echo "## CL programs (qcl)"
echo
echo "| workload | qshim qcl | peer | ratio |"
echo "|---|---|---|---|"
printf '| DOFOR 1..%d, CHGVAR on packed *DEC(15 0) (result %s) | %.2f s | bash arithmetic loop %.2f s (result %s) | %.2f |\n' \
  "$N" "$cl_out" "$cl" "$sh" "$sh_out" "$(awk "BEGIN{print $sh / $cl}")"
printf '| compile + run 50,000 statements (exit %d) | %.2f s (%.0f statements/s) | - | - |\n' \
  "$rc" "$big" "$(awk "BEGIN{print 50000 / $big}")"
[ "$cl_out" = "$sh_out" ]
