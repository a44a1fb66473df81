#!/bin/bash
# qcl -f running CL programs as shop CL is written: commands built from
# variables, MONMSG, CALL of another program with parameters by reference,
# CALL QCMDEXC, function checks and compile errors with their line; and a C
# program using QCMDEXC / system() compiled with pkg-config.
set -u
B=${QSHIM_BUILD:?}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export QSYS_ROOT=$T/root
Q=$B/bin/qcl
n=0; fail=0
ok() { n=$((n+1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi; }
echo "1..19"

cat >"$T/setup.clp" <<'CL'
/* Create or update a counter data area; report through messages */
PGM        PARM(&LIB &START)
  DCL        VAR(&LIB)   TYPE(*CHAR) LEN(10)
  DCL        VAR(&START) TYPE(*DEC)  LEN(5 0)
  DCL        VAR(&CMD)   TYPE(*CHAR) LEN(200)
  DCL        VAR(&LEN)   TYPE(*DEC)  LEN(15 5) VALUE(200)
  DCL        VAR(&CNT)   TYPE(*DEC)  LEN(5 0)
  DCL        VAR(&TXT)   TYPE(*CHAR) LEN(5)
  DCL        VAR(&MSGID) TYPE(*CHAR) LEN(7)

  CRTDTAARA  DTAARA(&LIB/COUNTER) TYPE(*CHAR) LEN(5) +
               VALUE('00000') TEXT('Mail counter')
  MONMSG     MSGID(CPF1023) EXEC(SNDPGMMSG MSG('Counter exists') TOPGMQ(*EXT))

  CALL       PGM(BUMP) PARM(&START &CNT)
  CHGVAR     VAR(&TXT) VALUE(&CNT)
  CHGVAR     VAR(&CMD) VALUE('CHGDTAARA DTAARA(' *CAT &LIB *TCAT '/COUNTER) VALUE(''' +
                             *CAT &TXT *CAT ''')')
  CALL       PGM(QCMDEXC) PARM(&CMD &LEN)
  SNDPGMMSG  MSG('Counter set to' *BCAT &TXT) TOPGMQ(*EXT)

  CHGDTAARA  DTAARA(NOSUCHLIB/COUNTER) VALUE('x')
  MONMSG     MSGID(CPF0000) EXEC(DO)
    RCVMSG   MSGTYPE(*EXCP) MSGID(&MSGID)
    SNDPGMMSG MSG('Handled' *BCAT &MSGID) TOPGMQ(*EXT)
  ENDDO
ENDPGM
CL
cat >"$T/bump.clp" <<'CL'
PGM PARM(&IN &OUT)
  DCL &IN  *DEC (5 0)
  DCL &OUT *DEC (5 0)
  DCL &I   *INT 4
  DOFOR VAR(&I) FROM(1) TO(3)
    CHGVAR &OUT (&IN + &I)
  ENDDO
ENDPGM
CL

"$Q" -f "$T/setup.clp" QGPL 39 >"$T/o1" 2>"$T/e1"; rc=$?
ok $rc "shop-style program runs (exit $rc)"; sed 's/^/# /' "$T/e1"
grep -q '^Counter set to 00042$' "$T/e1"; ok $? "CALL by reference, *DEC to *CHAR conversion, QCMDEXC"
grep -q '^Handled CPF1021$' "$T/e1"
ok $? "MONMSG CPF0000 with RCVMSG of the escape"
"$Q" 'DSPDTAARA DTAARA(QGPL/COUNTER)' | grep -q "'00042'"; ok $? "data area holds the value"
"$Q" -f "$T/setup.clp" QGPL 1 2>"$T/e2" >/dev/null
grep -q '^Counter exists$' "$T/e2" && grep -q '^Counter set to 00004$' "$T/e2"
ok $? "second run: CPF1023 monitored"

"$Q" -f "$T/setup.clp" QGPL 2>"$T/e3" >/dev/null; rc=$?
[ $rc -eq 1 ] && grep -q 'MCH0802' "$T/e3"; ok $? "wrong parameter count: MCH0802"

"$Q" 'CHKOBJ OBJ(QGPL/COUNTER) OBJTYPE(*DTAARA) AUT(*CHANGE)' && ! "$Q" 'CHKOBJ OBJ(COUNTERX) OBJTYPE(*DTAARA)' 2>"$T/e7"
ok $? "CHKOBJ: found, and CPF9801 when missing"
cat >"$T/opts.clp" <<'CL'
PGM
  DCLPRCOPT DFTACTGRP(*NO) ACTGRP(*NEW) BNDDIR(QC2LE)
  COPYRIGHT TEXT('(c) Example Corp')
  CHKOBJ OBJ(QGPL/NOSUCH) OBJTYPE(*DTAARA)
  MONMSG CPF9801 EXEC(SNDPGMMSG MSG('missing') TOPGMQ(*EXT))
ENDPGM
CL
"$Q" -f "$T/opts.clp" 2>&1 | grep -q '^missing$'; ok $? "DCLPRCOPT and COPYRIGHT accepted; CHKOBJ + MONMSG CPF9801"

cat >"$T/fc.clp" <<'CL'
PGM
  DCL &N *DEC (3 0) VALUE(999)
  CHGVAR &N (&N + 1)
  SNDPGMMSG MSG('not reached') TOPGMQ(*EXT)
ENDPGM
CL
"$Q" -f "$T/fc.clp" >/dev/null 2>"$T/e4"; rc=$?
[ $rc -eq 1 ] && grep -q "CPF9999: Function check. MCH1210 unmonitored by FC at statement 3" "$T/e4" &&
! grep -q 'not reached' "$T/e4"
ok $? "unmonitored escape: function check, program ends, exit 1"

printf 'PGM\n  DCL &A *CHAR 5\n  DO\n    CHGVAR &A (\x27x\x27\nENDPGM\n' >"$T/bad.clp"
"$Q" -f "$T/bad.clp" >/dev/null 2>"$T/e5"; rc=$?
[ $rc -eq 1 ] && grep -q 'line 4, column 15: CPD0004' "$T/e5" && grep -q 'CPF0815' "$T/e5"
ok $? "compile error names line and column, CPF0815"

printf 'PGM\n SNDPGMMSG MSGID(CPF9898) MSGF(QCPFMSG) MSGDTA(%s) MSGTYPE(*ESCAPE)\nENDPGM\n' "'stop here'" >"$T/esc.clp"
"$Q" -f "$T/esc.clp" >/dev/null 2>"$T/e6"; rc=$?
[ $rc -eq 1 ] && grep -q 'CPF9898: stop here.' "$T/e6"; ok $? "SNDPGMMSG *ESCAPE reaches qcl: exit 1"

"$Q" 'DSPJOBLOG' >/dev/null 2>&1; ls "$QSYS_ROOT"/joblog/*.log >/dev/null 2>&1
ok $? "job logs written"
grep -q 'CPF9999' "$QSYS_ROOT"/joblog/*.log; ok $? "function check in a job log"

cat >"$T/c.c" <<'C'
#include <stdio.h>
#include <string.h>
#include <qcmdexc.h>
#include <qcapcmd.h>
#include <qusec.h>
#include <qshim_monitor.h>
int main(void)
{
    Qca_PCMD_CPOP0100_t opt;
    struct { Qus_EC_t ec; char data[64]; } ec;
    char chg[80];
    int chglen = 0;
    memset(&opt, 0, sizeof opt);
    opt.Command_Process_Type = 1;
    ec.ec.Bytes_Provided = sizeof ec;
    QCAPCMD("DSPCMD CMD(1X)", 14, &opt, sizeof opt, "CPOP0100", chg, sizeof chg, &chglen, &ec);
    printf("qcapcmd check: %.7s len=%d\n", ec.ec.Bytes_Available ? ec.ec.Exception_Id : "none", chglen);
    opt.Command_Process_Type = 0;
    QCAPCMD("CRTDTAARA DTAARA(QGPL/CAPD) TYPE(*LGL)", 38, &opt, sizeof opt, "CPOP0100", chg, sizeof chg, &chglen, &ec);
    printf("qcapcmd run: %.7s\n", ec.ec.Bytes_Available ? ec.ec.Exception_Id : "none");
    char cmd[64] = "CRTDTAARA DTAARA(QGPL/FROMC) TYPE(*CHAR) LEN(3)";
    QCMDEXC(cmd, strlen(cmd));
    printf("system=%d id=%s\n", qshim_system("CRTDTAARA DTAARA(QGPL/FROMC) TYPE(*CHAR) LEN(3)"), _EXCP_MSGID);
    QS_MONITOR {
        QCMDEXC("CRTDTAARA DTAARA(QGPL/1BAD) TYPE(*CHAR)", 39);
    } QS_ON_ERROR {
        printf("monitored %s\n", QS_MSGID);
    } QS_END_MONITOR;
    return 0;
}
C
cc -Wall -Werror -o "$T/c" "$T/c.c" $(PKG_CONFIG_PATH=$B/pkgconfig pkg-config --cflags --libs qshim) \
   -Wl,-rpath,"$B/lib" 2>"$T/cc.err"
ok $? "C program with QCMDEXC compiles -Wall -Werror"; sed 's/^/# /' "$T/cc.err"
out=$("$T/c" 2>&1); echo "$out" | sed 's/^/# /'
echo "$out" | grep -q '^system=1 id=CPF1023$' && echo "$out" | grep -q '^monitored CPF0006$'
ok $? "system() returns 1 with _EXCP_MSGID; QCMDEXC syntax error is CPF0006"
echo "$out" | grep -q '^qcapcmd check: CPF0006 len=14$' && echo "$out" | grep -q '^qcapcmd run: none$' &&
"$Q" 'DSPDTAARA DTAARA(QGPL/CAPD)' >/dev/null
ok $? "QCAPCMD: syntax check reports CPF0006 in Qus_EC_t; run creates the data area"

# qcl -x: parameters by reference, returned variables read back (cl/callx.h)
cat >"$T/xpgm.clp" <<'CL'
PGM        PARM(&IN &N &OUT &RC)
  DCL        VAR(&IN)  TYPE(*CHAR) LEN(8)
  DCL        VAR(&N)   TYPE(*INT)  LEN(4)
  DCL        VAR(&OUT) TYPE(*CHAR) LEN(20)
  DCL        VAR(&RC)  TYPE(*INT)  LEN(4)
  CHGVAR     VAR(&OUT) VALUE(&IN *TCAT '-x')
  CHGVAR     VAR(&RC)  VALUE(&N + 1)
ENDPGM
CL
out=$("$Q" -x "$T/xpgm.clp" c8:abc i:6 OUT=c20:old r 2>&1); st=$?
[ "$st" = 7 ] && [ "$out" = "OUT=abc-x" ]
ok $? "qcl -x: TAG= value printed, exit status is the return code (got $st: $out)"
mkdir -p "$T/xp" && cp "$T/xpgm.clp" "$T/xp/xpgm.clp"
out=$(cd "$T/xp" && "$Q" -x -p xpgm c8:q i:-5 OUT=c20: r 2>&1); st=$?
[ "$st" = 100 ] && [ "$out" = "OUT=q-x" ]
ok $? "qcl -x -p PGM: found as CALL finds it; return code out of range is 100 (got $st: $out)"
"$Q" -x "$T/xpgm.clp" c8:a i:zz c20: r >/dev/null 2>&1; st1=$?
"$Q" -x "$T/nosuch.clp" c8:a i:1 c20: r >/dev/null 2>&1; st2=$?
[ "$st1" = 2 ] && [ "$st2" = 125 ]
ok $? "qcl -x: a bad spec is usage (2), a program that fails is 125 (got $st1 $st2)"

exit $fail
