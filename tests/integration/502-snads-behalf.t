#!/bin/bash
# Working on behalf of another user (GRTUSRPMN/RVKUSRPMN/DSPUSRPMN with
# SNDDST/QRYDST/RCVDST USRID), CHGDSTA's *SECADM check, and the QZMF journal
# showing the whole life of a distribution (DSPJRN).
set -u
. "${QSHIM_SRC:?}/tests/integration/lib/qcltap.sh"
as() { local u=$1; shift; out=$(QSHIM_USER=$u "$Q" "$@" 2>&1); rc=$?; }
echo "1..22"

run 0 "" "CHGSMTPA JOURNAL(*YES)"
run 0 "" "CRTUSRPRF USRPRF(BOSS) PASSWORD('Pw-2')"
run 0 "" "CRTUSRPRF USRPRF(CLERK) PASSWORD('Pw-3')"
run 0 added "ADDDIRE USRID(BOSS HQ) USRD('The boss') USER(BOSS)"
run 0 added "ADDDIRE USRID(CLERK HQ) USRD('A clerk') USER(CLERK)"
run 0 added "ADDDIRE USRID(ME HQ) USRD('Me') USER($ME)"

# without permission: refused with CPF90A9
as CLERK "SNDDST TYPE(*MSG) TOUSRID((ME HQ)) DSTD('for boss') MSG('hi') USRID(BOSS HQ)"
[ $rc -ne 0 ] && grep -q CPF90A9 <<<"$out"; ok $? "SNDDST on behalf without permission: CPF90A9"
as CLERK "GRTUSRPMN TOUSER(CLERK) FORUSER(BOSS)"
[ $rc -ne 0 ] && grep -q CPF2217 <<<"$out"; ok $? "granting for someone else needs *ALLOBJ: CPF2217"
as BOSS "GRTUSRPMN TOUSER(CLERK)"
[ $rc -eq 0 ]; ok $? "BOSS grants CLERK permission for himself"
run 0 "BOSS        CLERK" "DSPUSRPMN USER(BOSS) GRANTED(*TO)"
run 0 "CLERK       BOSS" "DSPUSRPMN USER(CLERK) GRANTED(*FROM)"

# the boss's mail: one ordinary, one personal
run 0 "HQ      ME      0001 sent" "SNDDST TYPE(*MSG) TOUSRID((BOSS HQ)) DSTD('Budget') MSG('numbers')"
run 0 "HQ      ME      0002 sent" "SNDDST TYPE(*MSG) TOUSRID((BOSS HQ)) DSTD('Private') MSG('secret') PERSONAL(*YES)"
as CLERK "QRYDST USRID(BOSS HQ)"
grep -q "Budget" <<<"$out" && ! grep -q "Private" <<<"$out"; ok $? "CLERK lists BOSS's mail without the personal one"
as CLERK "RCVDST DSTID('HQ      ME      0002') USRID(BOSS HQ) KEEP(*YES)"
[ $rc -ne 0 ] && grep -q CPF90A7 <<<"$out"; ok $? "the personal one cannot be received on behalf (CPF90A7)"
as CLERK "SNDDST TYPE(*MSG) TOUSRID((ME HQ)) DSTD('Reply') MSG('on it') USRID(BOSS HQ)"
grep -q "HQ      BOSS    0001 sent" <<<"$out"; ok $? "CLERK sends as BOSS: the id is BOSS's"
as CLERK "SNDDST TYPE(*MSG) TOUSRID((ME HQ)) DSTD('x') MSG('y') USRID(BOSS HQ) PERSONAL(*YES)"
[ $rc -ne 0 ] && grep -q CPF90AC <<<"$out"; ok $? "no personal distribution on behalf (CPF90AC)"
run 0 "From . . . . . . . :   BOSS HQ" "RCVDST DSTID('HQ      BOSS    0001') ACKRCV(*YES)"
as BOSS "RVKUSRPMN TOUSER(*ALL)"
grep -q "1 permissions" <<<"$out"; ok $? "RVKUSRPMN TOUSER(*ALL) removes it"
as CLERK "QRYDST USRID(BOSS HQ)"
[ $rc -ne 0 ] && grep -q CPF90A9 <<<"$out"; ok $? "after the revoke: CPF90A9 again"

# CHGDSTA needs *SECADM
as CLERK "CHGDSTA KEEPRCP(*ALL)"
[ $rc -ne 0 ] && grep -q CPF90AA <<<"$out"; ok $? "CHGDSTA without *SECADM: CPF90AA"

# the journal shows sending, delivery, receipt and deletion
out=$("$Q" "DSPJRN JRN(QUSRSYS/QZMF)" 2>&1)
for t in H1 H2 HR HD; do grep -q " L    $t .*HQ......BOSS....0001" <<<"$out" || { echo "# no $t"; printf '%s\n' "$out" | sed 's/^/# /' | tail -20; false; }; done
ok $? "DSPJRN shows H1 sent, H2 delivered, HR received, HD deleted for HQ BOSS 0001"
