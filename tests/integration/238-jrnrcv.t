#!/bin/bash
# QZMF journal receivers through qcl: CHGJRN JRNRCV(*GEN) attaches
# QZMF000002, QZMF000003 (J NR / J PR entries, sequence numbers continue);
# WRKJRNA lists the receiver directory (OUTPUT(*PRINT): spooled QPDSPJNA);
# DSPJRN reads RCVRNG(*CURRENT) by default, *CURCHAIN the whole chain, to the
# screen and to an outfile; DLTJRNRCV refuses the attached receiver
# (CPF7022) and any but the oldest, deletes the oldest; a profile without
# *ALLOBJ may not change the journal (CPF9802).
set -u
. "$QSHIM_SRC/tests/integration/lib/qcltap.sh"
echo "1..15"
seqs() { awk '$1 ~ /^[0-9]+$/ && $2 ~ /^[A-Z]$/ {print $1}' <<<"$1" | tr '\n' ' '; }
rcvs() { awk '$1 ~ /^QZMF[0-9]+$/ {for (i = 2; i <= NF; i++) if ($i ~ /^\*/) print $1, $i}' <<<"$1" | tr '\n' ' '; }

run 0 "QZMF000001 .*\*ATTACHED" "WRKJRNA JRN(QZMF)"
run 0 "" "CHGJRN JRN(QUSRSYS/QZMF) JRNRCV(*GEN)"
run 0 "" "CHGJRN JRN(QZMF) JRNRCV(*GEN)"
run 0 "Attached receiver  . :   QZMF000003" "WRKJRNA JRN(QZMF)"
[ "$(rcvs "$out")" = "QZMF000001 *ONLINE QZMF000002 *ONLINE QZMF000003 *ATTACHED " ]
ok $? "the receiver directory: two detached, the third attached"
[ $? = 0 ] || printf '%s\n' "$out" | sed 's/^/# /'

run 0 " J    PR .*receiver=QZMF000002" "DSPJRN JRN(QZMF)"
[ "$(seqs "$out")" = "4 " ]; ok $? "DSPJRN (RCVRNG(*CURRENT)) shows the attached receiver only"
run 0 " J    NR .*receiver=QZMF000002" "DSPJRN JRN(QZMF) RCVRNG(*CURCHAIN)"
[ "$(seqs "$out")" = "1 2 3 4 " ]; ok $? "RCVRNG(*CURCHAIN): the whole chain, sequence numbers continuing"

"$Q" "DSPJRN JRN(QZMF) OUTPUT(*OUTFILE) OUTFILE(JLIB/ALLJ) RCVRNG(*CURCHAIN)"
"$Q" "DSPJRN JRN(QZMF) OUTPUT(*OUTFILE) OUTFILE(JLIB/CURJ)"
[ "$(sqlite3 "$QSYS_ROOT/db/JLIB.sqlite" "SELECT group_concat(JOSEQN) FROM ALLJ; SELECT group_concat(JOCODE||JOENTT) FROM CURJ")" = "1,2,3,4
JPR" ]; ok $? "outfiles of the chain and of the current receiver"

run 1 "^CPF7022: Receiver QZMF000003 in QUSRSYS is attached to journal QZMF\.$" "DLTJRNRCV JRNRCV(QZMF000003)"
run 1 "^CPF9898: Receiver QZMF000002 is not the oldest" "DLTJRNRCV JRNRCV(QUSRSYS/QZMF000002)"
"$Q" "CRTUSRPRF USRPRF(CLERK) PASSWORD(Pw1x) SPCAUT(*JOBCTL *SECADM)" >/dev/null 2>&1
out=$(QSHIM_USER=CLERK "$Q" "DLTJRNRCV JRNRCV(QZMF000001)" 2>&1; QSHIM_USER=CLERK "$Q" "CHGJRN JRN(QZMF) JRNRCV(*GEN)" 2>&1)
[ "$out" = "CPF9802: Not authorized to object QZMF000001 in QUSRSYS.
CPF9802: Not authorized to object QZMF in QUSRSYS." ]; ok $? "without *ALLOBJ: CPF9802 for DLTJRNRCV and CHGJRN"
[ $? = 0 ] || printf '%s\n' "$out" | sed 's/^/# /'
"$Q" "DLTJRNRCV JRNRCV(QZMF000001)" && "$Q" "CHGJRN JRN(QZMF) JRNRCV(*GEN)"
out=$("$Q" "WRKJRNA JRN(QZMF)")
[ "$(rcvs "$out")" = "QZMF000002 *ONLINE QZMF000003 *ONLINE QZMF000004 *ATTACHED " ] &&
  [ ! -e "$QSYS_ROOT/jrn/QZMF/QZMF000001.rcv" ] &&
  [ "$(seqs "$("$Q" "DSPJRN JRN(QZMF) RCVRNG(*CURCHAIN)")")" = "2 3 4 5 6 " ]
ok $? "the oldest receiver deleted (CLERK changed nothing); QZMF000004 goes on with sequence 6"
[ $? = 0 ] || printf '%s\n' "$out" | sed 's/^/# /'

out=$("$Q" "WRKJRNA JRN(QZMF) OUTPUT(*PRINT)" 2>&1)
line=$("$Q" "WRKSPLF" | grep "^QPDSPJNA ")
job=$(awk '{print $11 "/" $10 "/" $9}' <<<"$line")
[ -z "$out" ] && "$Q" "DSPSPLF FILE(QPDSPJNA) JOB($job)" | grep -q "QZMF000004 .*\*ATTACHED"
ok $? "WRKJRNA OUTPUT(*PRINT) makes spooled file QPDSPJNA ($job)"
