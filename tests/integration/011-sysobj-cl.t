#!/bin/bash
# System-object commands through qcl: data areas, user profiles, service
# table, libraries, job log, message descriptions.  Each failure must carry
# the IBM message id and change nothing.
set -u
B=${QSHIM_BUILD:?}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export QSYS_ROOT=$T/root
unset QSHIM_USER
Q=$B/bin/qcl
n=0; fail=0
ok() { n=$((n+1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi; }
# run: expect-rc  msgid-or-text-expected-in-output  command
run() { local want=$1 pat=$2; shift 2
        out=$("$Q" "$@" 2>&1); rc=$?
        [ $rc -eq "$want" ] && { [ -z "$pat" ] || printf "%s" "$out" | grep -q -- "$pat"; }
        ok $? "$* -> rc $rc, $pat"; [ $rc -eq "$want" ] || printf '%s\n' "$out" | sed 's/^/# /'; }
echo "1..34"

run 0 CPC0904 "CRTDTAARA DTAARA(QGPL/CFG) TYPE(*CHAR) LEN(30) VALUE('mail.example.com') TEXT('Config')"
run 1 CPF1023 "CRTDTAARA DTAARA(QGPL/CFG) TYPE(*CHAR) LEN(10)"
run 0 "" "CHGDTAARA DTAARA(CFG (1 4)) VALUE(smtp)"
run 0 "'smtp.example.com" "DSPDTAARA CFG"
run 1 CPF1088 "CHGDTAARA DTAARA(CFG (31 1)) VALUE(x)"
run 1 CPF1015 "CHGDTAARA DTAARA(NOSUCH) VALUE(x)"
run 1 CPF1026 "CRTDTAARA DTAARA(QGPL/D) TYPE(*DEC) LEN(3 4)"
run 0 CPC0904 "CRTDTAARA DTAARA(QGPL/AMT) TYPE(*DEC) LEN(7 2) VALUE(-12.5)"
run 1 CPF1062 "CHGDTAARA AMT VALUE(123456)"
run 0 "-12.50" "DSPDTAARA AMT"
run 0 CPC2191 "DLTDTAARA AMT"

run 0 CPC2213 "CRTUSRPRF USRPRF(MAILUSR) PASSWORD('Pw-1') SPCAUT(*IOSYSCFG *JOBCTL) TEXT('Mail user')"
run 1 CPF2214 "CRTUSRPRF USRPRF(MAILUSR)"
run 0 "\*IOSYSCFG \*JOBCTL" "DSPUSRPRF MAILUSR"
! grep -rq 'Pw-1' "$QSYS_ROOT"; ok $? "clear password is nowhere under the root"
[ "$(stat -c %a "$QSYS_ROOT/QSYS.LIB/QSYS.LIB/MAILUSR.USRPRF")" = 600 ]; ok $? "profile file mode 0600"
# a *USER profile may not create profiles or give itself authorities
QSHIM_USER=MAILUSR "$Q" "CRTUSRPRF USRPRF(EVIL) SPCAUT(*ALLOBJ)" >"$T/o" 2>&1; rc=$?
[ $rc -eq 1 ] && grep -q CPF2217 "$T/o" && [ ! -e "$QSYS_ROOT/QSYS.LIB/QSYS.LIB/EVIL.USRPRF" ]
ok $? "MAILUSR cannot CRTUSRPRF (CPF2217), nothing created"
QSHIM_USER=MAILUSR "$Q" "CHGUSRPRF MAILUSR SPCAUT(*ALLOBJ)" >"$T/o" 2>&1; rc=$?
[ $rc -eq 1 ] && grep -q CPF2217 "$T/o"; ok $? "MAILUSR cannot grant itself *ALLOBJ"
run 0 CPC2205 "CHGUSRPRF MAILUSR STATUS(*DISABLED)"
run 0 "MAILUSR     \*DISABLED" "WRKUSRPRF MAIL*"
run 1 CPF2204 "DLTUSRPRF NOBODY"

run 0 TCP1904 "ADDSRVTBLE SERVICE(smtp) PORT(24025) PROTOCOL(tcp) TEXT('test port')"
run 0 "24025" "WRKSRVTBLE smtp"
run 1 TCP1902 "RMVSRVTBLE SERVICE(nosuch) PORT(1) PROTOCOL(tcp)"

run 0 "CPF9801" "DSPMSGD CPF9801"
run 0 "Display Job Log" "DSPJOBLOG"

# a CL program: RTVDTAARA into variables, MONMSG handling CPF1015/CPF1023
S=${QSHIM_SRC:?}
"$Q" -f "$S/samples/dtaara_monmsg.clp" >"$T/o" 2>&1; ok $? "samples/dtaara_monmsg.clp runs"
"$Q" -f "$S/samples/dtaara_monmsg.clp" >"$T/o" 2>&1; ok $? "and runs again (MONMSG CPF1023)"
run 0 "2.50" "DSPDTAARA COUNTER"
run 1 CPD0031 "RTVDTAARA DTAARA(CFG) RTNVAR(&X)"

# libraries: only the owner (or *ALLOBJ) may delete one
run 0 CPC2102 "CRTLIB LIB(MAILLIB) TEXT('Mail')"
QSHIM_USER=MAILUSR "$Q" "CHGUSRPRF MAILUSR STATUS(*ENABLED)" >/dev/null 2>&1
QSHIM_USER=MAILUSR "$Q" "DLTLIB MAILLIB" >"$T/o" 2>&1; rc=$?
[ $rc -eq 1 ] && grep -q CPF2182 "$T/o" && [ -d "$QSYS_ROOT/QSYS.LIB/MAILLIB.LIB" ]
ok $? "MAILUSR cannot DLTLIB a library it does not own (CPF2182)"
run 0 CPC2194 "DLTLIB MAILLIB"
run 1 CPF9810 "DLTLIB MAILLIB"
exit $fail
