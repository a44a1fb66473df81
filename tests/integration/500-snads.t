#!/bin/bash
# Office distributions through qcl: directory, SNDDST/QRYDST/RCVDST/DLTDST,
# QSMTPQ hold/release across processes, CHGDSTA, OUTFILE, exit program
# registration.  Every refusal carries its message id and changes nothing.
set -u
. "${QSHIM_SRC:?}/tests/integration/lib/qcltap.sh"
asallen() { QSHIM_USER=ALLEN "$Q" "$@" 2>&1; }
echo "1..37"

run 0 "" "CRTUSRPRF USRPRF(ALLEN) PASSWORD('Pw-2') TEXT('Ann Allen')"
run 0 added "ADDDIRE USRID(SMITH NEWYORK) USRD('John Smith') USER($ME) USRDFNFLD((SMTPAUSRID SMTP 'jsmith') (SMTPDMN SMTP 'example.com'))"
run 0 added "ADDDIRE USRID(ALLEN NEWYORK) USRD('Ann Allen') USER(ALLEN)"
run 0 added "ADDDIRE USRID(GATEWAY INTERNET) USRD('SMTP gateway') PREFADR(NETUSRID *IBM ATCONTXT)"
run 1 CPF9082 "ADDDIRE USRID(ALLEN NEWYORK) USRD('again')"
run 0 "jsmith@example.com" "WRKDIRE"

run 0 "NEWYORK SMITH   0001 sent" "SNDDST TYPE(*LMSG) TOUSRID((ALLEN NEWYORK)) DSTD('Monthly report') LONGMSG('Hello Ann, the report is ready.') SUBJECT('Report') CFMDEL(*YES)"
# refusals: nothing is sent
run 1 CPF900B "SNDDST TYPE(*MSG) TOUSRID((ALLEN NEWYORK) (NOBODY NOWHERE)) DSTD('x') MSG('hi')"
run 1 CPF90A1 "SNDDST TYPE(*LMSG) TOINTNET((a@example.org)) DSTD('x') LONGMSG('hi')"
many=$(for i in $(seq 301); do printf '(u%d@example.org) ' "$i"; done)
run 1 "CPD" "SNDDST TYPE(*LMSG) TOINTNET($many) DSTD('x') LONGMSG('hi')"
long=$(head -c 5001 /dev/zero | tr '\0' x)
run 1 "CPD" "SNDDST TYPE(*LMSG) TOUSRID((ALLEN NEWYORK)) DSTD('x') LONGMSG('$long')"
run 0 "1 distributions listed" "QRYDST OPTION(*OUT)"

# the recipient's side
out=$(asallen "QRYDST"); echo "$out" | grep -q "NEWYORK SMITH   0001   1 \*LMSG .*NEW .*Monthly report"
ok $? "ALLEN's QRYDST lists it as NEW"
out=$(asallen "QRYDST STATUS(*NEW)"); echo "$out" | grep -q "0 distributions listed"
ok $? "listed once, it is no longer *NEW"
out=$(asallen "RCVDST DSTID('NEWYORK SMITH   0001') KEEP(*YES) ACKRCV(*NO)"); echo "$out" | grep -q "Hello Ann, the report is ready."
ok $? "RCVDST KEEP(*YES) shows the long message"
out=$(asallen "QRYDST STATUS(*OPENED)"); echo "$out" | grep -q "1 distributions listed"
ok $? "kept as OPENED"
run 0 "ALLEN    NEWYORK  \*PRI *OPENED *Monthly" "QRYDST OPTION(*OUT)"
out=$(asallen "RCVDST DSTID('NEWYORK SMITH   0001')"); [ $? -eq 0 ]
ok $? "RCVDST with only DSTID"
out=$(asallen "QRYDST"); echo "$out" | grep -q "0 distributions listed"
ok $? "only-DSTID receive deleted it"
run 0 "OPENED  YES" "QRYDST OPTION(*OUT)"
out=$(asallen "QRYDST USRID(SMITH NEWYORK)"); echo "$out" | grep -q CPF90A9
ok $? "another user's mail log is refused (CPF90A9)"

# QSMTPQ held across processes, then released into MSF
run 0 "changed" "CHGDSTA SMTPRTE(GATEWAY INTERNET)"
run 0 "held" "HLDDSTQ DSTQ(QSMTPQ)"
run 0 "sent" "SNDDST TYPE(*LMSG) TOINTNET((far@example.net) (cc@example.net *CC)) DSTD('Out') LONGMSG('To the Internet')"
run 0 "QSMTPQ      \*NORMAL   HELD      1" "WRKDSTQ"
run 1 CPF8816 "SNDDSTQ DSTQ(QSMTPQ)"
run 0 "released" "RLSDSTQ DSTQ(QSMTPQ)"
[ "$(ls "$QSYS_ROOT/mail/queue/active" 2>/dev/null | wc -l)" = 1 ] && grep -rq "To the Internet" "$QSYS_ROOT/mail/queue/msg"
ok $? "the Internet copy is in the MSF queue"

# OUTFILE as an SQLite table
run 0 "" "QRYDST OPTION(*OUT) OUTFILE(QGPL/MAILOUT)"
[ "$(sqlite3 "$QSYS_ROOT/db/QGPL.sqlite" "SELECT COUNT(*) FROM MAILOUT WHERE STATUS='REMOTE'")" = 2 ]
ok $? "OSLOUT rows: both Internet recipients REMOTE"

# exit program registration
printf 'void addsig(char *e, char *i, void *a, int *n, char *f, int *rc) { *rc = 0; }\n' > "$T/x.c"
cc -shared -fPIC -o "$T/x.so" "$T/x.c"; ok $? "exit program built"
run 0 "as number 1" "ADDEXITPGM EXITPNT(QIBM_QZMFMSF_LCL_DEL) FORMAT(MSFF0100) PGMNBR(*LOW) PGM(QGPL/ADDSIG) PGMPATH('$T/x.so')"
run 1 CPFAF98 "ADDEXITPGM EXITPNT(QIBM_QZMFMSF_LCL_DEL) FORMAT(MSFF0100) PGMNBR(1) PGM(QGPL/OTHER) PGMPATH('$T/x.so')"
run 1 CPFAF99 "ADDEXITPGM EXITPNT(QIBM_QZMFMSF_NOPE) FORMAT(MSFF0100) PGMNBR(1) PGM(QGPL/OTHER) PGMPATH('$T/x.so')"
run 0 "QGPL/ADDSIG .*addsig" "WRKREGINF"
run 0 "removed" "RMVEXITPGM EXITPNT(QIBM_QZMFMSF_LCL_DEL) FORMAT(MSFF0100) PGMNBR(1)"
run 1 CPFAF94 "RMVEXITPGM EXITPNT(QIBM_QZMFMSF_LCL_DEL) FORMAT(MSFF0100) PGMNBR(1)"
