#!/bin/bash
# Printer files: CRTPRTF/CHGPRTF/OVRPRTF/DLTOVR/DLTF, and what a spooled
# file takes from them (defaults < printer file < override) when opened by
# _Ropen or by QSPCRTSP naming the file in SPLA0200 - seen through QUSRSPLA
# SPLA0200 by samples/prtfile.c, compiled with pkg-config, and through a CL
# program (CRTCLPGM) that sets up the file and its override, CALLed from C.
set -u
B=${QSHIM_BUILD:?}; S=${QSHIM_SRC:?}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export QSYS_ROOT=$T/root
n=0; fail=0
ok() { n=$((n+1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi; }
qcl() { "$B/bin/qcl" "$@"; }
echo "1..13"

cc -Wall -Werror -o "$T/prtfile" "$S/samples/prtfile.c" \
   $(PKG_CONFIG_PATH=$B/pkgconfig pkg-config --cflags --libs qshim) 2>"$T/cc.err"
ok $? "prtfile compiles with -Wall -Werror via pkg-config"; sed 's/^/# /' "$T/cc.err"
P() { "$T/prtfile" "$@" 2>&1 | tee -a "$T/all" | sed 's/  */ /g'; }

out=$(P ropen QSYSPRT 10)
grep -q '^QSYSPRT 1 \*RDY outq QGPL /QPRINT .* page 66 x 132 ovrflw 60 lpi 60 cpi 100 ctl \*NONE .*prtf QSYS /QSYSPRT pages 1$' <<<"$out"
ok $? "no printer file: QSYSPRT's defaults"; echo "# $out"

out=$(P ropen INVPRT 100 "CRTOUTQ OUTQ(QGPL/INVQ)" \
  "CRTPRTF FILE(QGPL/INVPRT) PAGESIZE(40 80) LPI(8) CPI(15) OVRFLW(36) OUTQ(QGPL/INVQ) USRDTA(INVOICES) FORMTYPE(INV) HOLD(*YES) TEXT('invoices')")
grep -q '^INVPRT 1 \*HLD outq QGPL /INVQ usrdta INVOICES formtype INV page 40 x 80 ovrflw 36 lpi 80 cpi 150 ctl \*NONE dev \*SCS prtf QGPL /INVPRT pages 3$' <<<"$out"
ok $? "_Ropen takes PAGESIZE LPI CPI OVRFLW OUTQ USRDTA FORMTYPE HOLD from CRTPRTF"; echo "# $out"

out=$(SPLFNAME=OVRNAME P ropen INVPRT 10 "OVRPRTF FILE(INVPRT) PAGESIZE(20 60) USRDTA(OVR) SPLFNAME(OVRNAME)")
grep -q '^OVRNAME 1 \*HLD outq QGPL /INVQ usrdta OVR formtype INV page 20 x 60 ovrflw 14 ' <<<"$out"
ok $? "OVRPRTF wins over the file (SPLFNAME, PAGESIZE, USRDTA), the rest from the file"; echo "# $out"

out=$(P api INVPRT 0 "OVRPRTF FILE(*PRTF) CPI(12)")
grep -q '^INVPRT 1 \*HLD outq QGPL /INVQ usrdta INVOICES .* cpi 120 .* prtf QGPL /INVPRT ' <<<"$out"
ok $? "QSPCRTSP with Dev_File_Name: the file's attributes and OVRPRTF FILE(*PRTF)"; echo "# $out"

out=$(P api INVPRT 0 "CHGPRTF FILE(INVPRT) CTLCHAR(*FCFC) HOLD(*NO)")
grep -q '^INVPRT 1 \*RDY .* ctl \*FCFC .* cpi 150 ' <<<"$out" || grep -q '^INVPRT 1 \*RDY .*cpi 150 .*ctl \*FCFC' <<<"$out"
ok $? "CHGPRTF changes only what it names; no override in a new job"; echo "# $out"

qcl 'CHGPRTF FILE(INVPRT) PAGESIZE(300 80)' > "$T/e" 2>&1
[ $? != 0 ] && grep -q CPD0 "$T/e"; ok $? "a page length over 255 is refused"; sed 's/^/# /' "$T/e"
qcl 'CRTPRTF FILE(QGPL/INVPRT) REPLACE(*NO)' > "$T/e" 2>&1
[ $? != 0 ] && grep -q CPF7302 "$T/e"; ok $? "CRTPRTF REPLACE(*NO) of an existing file: CPF7302"

cat > "$T/setup.clp" <<'EOF2'
PGM
  CRTPRTF FILE(QGPL/STMTPRT) PAGESIZE(30 100) CTLCHAR(*FCFC) USRDTA(STMT) TEXT('statements')
  MONMSG MSGID(CPF7302)
  CHGPRTF FILE(QGPL/STMTPRT) LPI(4)
  DLTOVR FILE(NOSUCH)
  MONMSG MSGID(CPF9841) EXEC(OVRPRTF FILE(STMTPRT) OUTQ(QGPL/INVQ) FORMTYPE(STMT))
ENDPGM
EOF2
qcl "CRTCLPGM PGM(QGPL/PRTSETUP) SRCSTMF('$T/setup.clp')" > "$T/e" 2>&1
ok $? "CRTCLPGM of the set-up CL program"; sed 's/^/# /' "$T/e"
out=$(P ropen STMTPRT 5 "CALL PGM(QGPL/PRTSETUP)")
grep -q '^STMTPRT 1 \*RDY outq QGPL /INVQ usrdta STMT formtype STMT page 30 x 100 ovrflw 24 lpi 40 cpi 100 ctl \*FCFC ' <<<"$out"
ok $? "CL program: CRTPRTF CHGPRTF and OVRPRTF (after MONMSG CPF9841 of DLTOVR) reach _Ropen"; echo "# $out"
out=$(P ropen STMTPRT 5 "CALL PGM(QGPL/PRTSETUP)" "DLTOVR FILE(*ALL)")
grep -q '^STMTPRT 1 \*RDY outq QGPL /QPRINT usrdta STMT formtype \*STD ' <<<"$out"
ok $? "DLTOVR FILE(*ALL): back to the file's attributes"; echo "# $out"

qcl 'DLTF FILE(QGPL/STMTPRT)' > /dev/null 2>&1 && out=$(P ropen STMTPRT 5)
grep -q '^STMTPRT 1 \*RDY outq QGPL /QPRINT usrdta formtype \*STD page 66 x 132 .* prtf QSYS /STMTPRT ' <<<"$out"
ok $? "DLTF: the name opens with the defaults again"; echo "# $out"

qcl "CPYSPLF FILE(INVPRT) TOFILE(*TOSTMF) JOB($(qcl 'WRKSPLF SELECT(*ALL)' | awk '$1=="INVPRT" && $5=="HLD" && $6==3 {print $11 "/" $10 "/" $9; exit}')) SPLNBR(*LAST) TOSTMF('$T/inv.pdf') WSCST(*PDF)" 2>"$T/e" &&
pdftotext -layout "$T/inv.pdf" - | grep -c 'line [0-9]* of the report' | grep -qx 100
ok $? "the 100-line report through INVPRT converts to PDF"; sed 's/^/# /' "$T/e"
exit $fail
