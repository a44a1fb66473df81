#!/bin/bash
# Spooled files and output queues through CL (qcl) and the real PDF tools:
# qsplfput → WRKSPLF/WRKOUTQ/DSPSPLF → CPYSPLF to PDF (qpdf, pdftotext) and
# to *FCFC text (round trip through splf2pdf) → CHGSPLFA/HLDSPLF/RLSSPLF →
# CLROUTQ/DLTOUTQ/DLTSPLF, then the IBM flow as a CL program under qcl -f.
set -u
B=${QSHIM_BUILD:-build}/bin
S=${QSHIM_SRC:-.}
T=$(mktemp -d /tmp/qs-spoolcl-XXXXXX)
trap 'rm -rf "$T"' EXIT
export QSYS_ROOT=$T/root
n=0
ok()   { n=$((n+1)); echo "ok $n - $1"; }
nok()  { n=$((n+1)); echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else nok "$1"; fi; }
squeeze() { sed -e 's/[[:space:]]\+/ /g' -e 's/^ //' -e 's/ $//' | grep -v '^$'; }

python3 "$S/bench/mkspool.py" --fcfc 3 > "$T/r.fcfc"
python3 "$S/bench/mkspool.py" --text 3 > "$T/r.txt"
out=$("$B/qsplfput" --ctlchar fcfc --file INVOICES --usrdta CUST1 "$T/r.fcfc")
check "qsplfput puts a spooled file" "[ -n \"\$out\" ]"
read -r f num job <<< "$out"
J="JOB($job)"
check "spooled file number 1" "[ '$num' = 1 ]"
check "WRKSPLF lists it with 3 pages" "'$B/qcl' 'WRKSPLF SELECT(*ALL)' | grep -Eq '^INVOICES +[A-Z_0-9]+ +QPRINT +CUST1 +RDY +3 '"
check "DSPSPLF shows the text" "'$B/qcl' \"DSPSPLF INVOICES $J\" | grep -q 'INVOICE TOTAL'"
check "CPYSPLF WSCST(*PDF)" "'$B/qcl' \"CPYSPLF FILE(INVOICES) TOFILE(*TOSTMF) $J SPLNBR(*LAST) TOSTMF('$T/inv.pdf') WSCST(*PDF) STMFOPT(*REPLACE)\""
check "PDF passes qpdf --check" "qpdf --check '$T/inv.pdf' >/dev/null 2>&1"
check "PDF has 3 pages and a title" "pdfinfo '$T/inv.pdf' | grep -q '^Pages: *3$' && pdfinfo '$T/inv.pdf' | grep -q '^Title: *INVOICES'"
check "pdftotext gives the report back" "diff <(squeeze < '$T/r.txt') <(pdftotext -layout '$T/inv.pdf' - | tr -d '\f' | squeeze) >/dev/null"
check "STMFOPT(*NONE) refuses an existing file" "'$B/qcl' \"CPYSPLF INVOICES *TOSTMF $J TOSTMF('$T/inv.pdf') WSCST(*PDF)\" 2>&1 | grep -q CPFA0A0"
check "CPYSPLF CTLCHAR(*FCFC) text" "'$B/qcl' \"CPYSPLF INVOICES *TOSTMF $J CTLCHAR(*FCFC) TOSTMF('$T/inv.fcfc')\" && head -c1 '$T/inv.fcfc' | grep -q 1"
check "*FCFC copy prints back the same pages" "'$B/splf2pdf' --ctlchar fcfc --text '$T/inv.fcfc' '$T/inv.rt' && cmp -s '$T/inv.rt' <('$B/splf2pdf' --ctlchar fcfc --text '$T/r.fcfc' -)"
check "CPYSPLF CTLCHAR(*NONE) drops blank lines" "'$B/qcl' \"CPYSPLF INVOICES *TOSTMF $J TOSTMF('$T/inv.txt')\" && ! grep -q '^\$' '$T/inv.txt' && [ \$(wc -l < '$T/inv.txt') -eq \$(grep -c . '$T/r.txt') ]"
check "CPYSPLF of a missing file: CPF3303" "'$B/qcl' \"CPYSPLF NOSUCH *TOSTMF $J TOSTMF('$T/x.pdf')\" 2>&1 | grep -q CPF3303"
check "CRTOUTQ" "'$B/qcl' \"CRTOUTQ OUTQ(QGPL/ERRQ) TEXT('Failed reports')\""
check "CHGSPLFA moves it to the error queue" "'$B/qcl' \"CHGSPLFA INVOICES $J OUTQ(ERRQ) USRDTA(failed)\" && '$B/qcl' 'WRKOUTQ ERRQ' | grep -Eq '^INVOICES .* failed +RDY'"
check "CHGSPLFA to a missing queue: CPF3357" "'$B/qcl' \"CHGSPLFA INVOICES $J OUTQ(NOQ)\" 2>&1 | grep -q CPF3357"
check "HLDSPLF / RLSSPLF" "'$B/qcl' \"HLDSPLF INVOICES $J\" && '$B/qcl' 'WRKSPLF SELECT(*ALL) STATUS(*HLD)' | grep -q '^INVOICES' && '$B/qcl' \"RLSSPLF INVOICES $J\" && '$B/qcl' 'WRKSPLF SELECT(*ALL) STATUS(*HLD)' | grep -q '^0 spooled files'"
check "DLTOUTQ refuses a queue with files: CPF3428" "'$B/qcl' 'DLTOUTQ ERRQ' 2>&1 | grep -q CPF3428"
check "CLROUTQ empties it" "'$B/qcl' 'CLROUTQ ERRQ' | grep -q '^1 spooled files deleted'"
check "DLTOUTQ" "'$B/qcl' 'DLTOUTQ ERRQ' && ! '$B/qcl' 'WRKOUTQ' | grep -q ERRQ"
check "DLTSPLF" "'$B/qsplfput' '$T/r.txt' > '$T/id' && read -r f2 n2 j2 < '$T/id' && '$B/qcl' \"DLTSPLF QSYSPRT JOB(\$j2) SPLNBR(\$n2)\" && '$B/qcl' \"DSPSPLF QSYSPRT JOB(\$j2)\" 2>&1 | grep -q CPF3303"

# the IBM flow as a CL program: the spooled file made by this job
cat > "$T/flow.clp" <<CL
CPYSPLF FILE(INVOICES) TOFILE(*TOSTMF) JOB($job) SPLNBR(*LAST) +
          TOSTMF('$T/flow.pdf') WSCST(*PDF) STMFOPT(*REPLACE)
  DLTSPLF FILE(INVOICES) JOB($job) SPLNBR(*LAST)
CL
"$B/qsplfput" --ctlchar fcfc --file INVOICES "$T/r.fcfc" > "$T/id2"
read -r f3 n3 job <<< "$(cat "$T/id2")"
sed -i "s|JOB([^)]*)|JOB($job)|g" "$T/flow.clp"
check "CL program: CPYSPLF then DLTSPLF" "'$B/qcl' -f '$T/flow.clp' && qpdf --check '$T/flow.pdf' >/dev/null 2>&1 && ! '$B/qcl' 'WRKSPLF SELECT(*ALL)' | grep -q '^INVOICES'"
echo "1..$n"
