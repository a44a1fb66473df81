#!/bin/bash
# The spool APIs from a real IBM-style C program (samples/spoolapi.c,
# QSPCRTSP/QSPPUTSP/QSPCLOSP through a user space) compiled with pkg-config;
# the spooled file is then seen by WRKSPLF and copied to PDF with CPYSPLF,
# checked with qpdf and pdftotext.
set -u
B=${QSHIM_BUILD:?}; S=${QSHIM_SRC:?}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export QSYS_ROOT=$T/root
n=0; fail=0
ok() { n=$((n+1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi; }
echo "1..8"

cc -Wall -Werror -o "$T/spoolapi" "$S/samples/spoolapi.c" \
   $(PKG_CONFIG_PATH=$B/pkgconfig pkg-config --cflags --libs qshim) 2>"$T/cc.err"
ok $? "sample compiles with -Wall -Werror via pkg-config"; sed 's/^/# /' "$T/cc.err"

# 150 lines (more than one 4000-byte QSPPUTSP, more than two pages)
for i in $(seq 1 150); do printf 'LINE %03d  customer %05d  amount %8d.%02d\n' "$i" $((i * 7)) $((i * 13)) $((i % 100)); done > "$T/report.txt"
out=$("$T/spoolapi" APIREPORT < "$T/report.txt" 2>"$T/run.err"); rc=$?
ok $rc "sample spools the report ($out)"; sed 's/^/# /' "$T/run.err"
read -r f num job <<< "$out"
[ "$f" = APIREPORT ] && [ "$num" = 1 ] && [ -n "$job" ]; ok $? "QUSRSPLA names the file and its job"

"$B/bin/qcl" 'WRKSPLF SELECT(*ALL)' > "$T/wrk" 2>&1
sed 's/^/# /' "$T/wrk"
grep -Eq '^APIREPORT +[A-Z_0-9]+ +QPRINT +SPOOLAPI +RDY +3 ' "$T/wrk"; ok $? "WRKSPLF lists it: QPRINT, user data, RDY, 3 pages"

"$B/bin/qcl" "CPYSPLF FILE(APIREPORT) TOFILE(*TOSTMF) JOB($job) SPLNBR(*LAST) TOSTMF('$T/r.pdf') WSCST(*PDF) STMFOPT(*REPLACE)" 2>"$T/cpy.err"
ok $? "CPYSPLF WSCST(*PDF)"; sed 's/^/# /' "$T/cpy.err"
qpdf --check "$T/r.pdf" >/dev/null 2>&1; ok $? "qpdf --check"
squeeze() { sed -e 's/[[:space:]]\+/ /g' -e 's/^ //' -e 's/ $//' | grep -v '^$'; }
diff <(squeeze < "$T/report.txt") <(pdftotext -layout "$T/r.pdf" - | tr -d '\f' | squeeze) > "$T/diff"
ok $? "pdftotext gives the 150 lines back"; head -5 "$T/diff" | sed 's/^/# /'

"$B/bin/qcl" "CPYSPLF FILE(APIREPORT) TOFILE(*TOSTMF) JOB($job) SPLNBR(*ONLY) TOSTMF('$T/r.txt')" 2>/dev/null
cmp -s "$T/report.txt" "$T/r.txt"; ok $? "CPYSPLF to text gives the bytes back"
exit $fail
