#!/bin/bash
# Special authorities of the MSF and SMTP directory commands: STRMSF/ENDMSF
# need *JOBCTL (CPF90AB), ADDUSRSMTP/CHGUSRSMTP/RMVUSRSMTP need *SECADM
# (CPF90AA); a refused command changes nothing; a profile with the authority
# (and the host user, who has all of them) may run them.  CHGUSRSMTP changes
# the alias and domain of an entry, *SAME keeps them; RMVUSRSMTP removes it;
# WRKSMTPUSR lists the directory (*SECADM too), OUTPUT(*PRINT) spooled.
set -u
. "$QSHIM_SRC/tests/integration/lib/qcltap.sh"
echo "1..15"
dir=$QSYS_ROOT/mail/smtpdir

for p in "CLERK" "BOB" "OPER SPCAUT(*JOBCTL)" "SECA SPCAUT(*SECADM)"; do
  set -- $p
  "$Q" "CRTUSRPRF USRPRF($1) PASSWORD(Pw1x) ${2:-}" >/dev/null 2>&1 || echo "# CRTUSRPRF $p failed"
done

as() { local u=$1 want=$2 pat=$3; shift 3
       out=$(QSHIM_USER=$u "$Q" "$@" 2>&1); rc=$?
       [ $rc -eq "$want" ] && grep -q -- "$pat" <<<"$out"
       ok $? "$u: $* -> rc $rc, $pat"; [ $rc -eq "$want" ] || printf '%s\n' "$out" | sed 's/^/# /'; }

as CLERK 1 "^CPF90AB: \*JOBCTL special authority needed for STRMSF\.$" "STRMSF NBRMSFJOB(1)"
[ ! -e "$QSYS_ROOT/run/qmsf.pid" ]; ok $? "nothing was started"
as CLERK 1 "^CPF90AB: \*JOBCTL special authority needed for ENDMSF\.$" "ENDMSF OPTION(*IMMED)"
as SECA 1 "^CPF90AB: " "ENDMSF"
as OPER 0 "" "ENDMSF OPTION(*IMMED)"

as CLERK 1 "^CPF90AA: \*SECADM special authority needed for ADDUSRSMTP\.$" "ADDUSRSMTP USRPRF(BOB) ALIAS(bob)"
[ ! -e "$dir" ]; ok $? "the directory was not touched"
as OPER 1 "^CPF90AA: " "ADDUSRSMTP USRPRF(BOB) ALIAS(bob)"
as SECA 0 "" "ADDUSRSMTP USRPRF(BOB) ALIAS(bob)"
"$Q" "ADDUSRSMTP USRPRF(CLERK) ALIAS(clerk) DOMAIN(example.org)"   # the host user: all authorities
as CLERK 1 "^CPF90AA: \*SECADM special authority needed for CHGUSRSMTP\.$" "CHGUSRSMTP USRPRF(CLERK) ALIAS(boss)"
as CLERK 1 "^CPF90AA: \*SECADM special authority needed for RMVUSRSMTP\.$" "RMVUSRSMTP USRPRF(BOB)"

QSHIM_USER=SECA "$Q" "CHGUSRSMTP USRPRF(BOB) ALIAS(robert.b) DOMAIN(example.org)"
"$Q" "CHGUSRSMTP USRPRF(CLERK) DOMAIN(*DFT)"          # ALIAS(*SAME) keeps clerk
QSHIM_USER=SECA "$Q" "RMVUSRSMTP USRPRF(BOB)"
out=$("$Q" "RMVUSRSMTP USRPRF(BOB)" 2>&1); rc=$?
[ "$(cat "$dir")" = "CLERK clerk *DFT" ] && [ $rc = 1 ] &&
  grep -q "^CPF9898: User BOB not in the SMTP mailbox directory\.$" <<<"$out"
ok $? "SECA changed and removed BOB, CHGUSRSMTP *SAME kept CLERK's alias; a second RMVUSRSMTP is CPF9898"
[ $? = 0 ] || { cat "$dir"; echo "$out"; } | sed 's/^/# /'

as CLERK 1 "^CPF90AA: \*SECADM special authority needed for WRKSMTPUSR\.$" "WRKSMTPUSR"
"$Q" "ADDUSRSMTP USRPRF(BOB) ALIAS(bob) DOMAIN(example.net)"
as SECA 0 " 2 entries" "WRKSMTPUSR"
[ "$(grep -E '^ (CLERK|BOB) ' <<<"$out" | tr -s ' ')" = " CLERK clerk *DFT
 BOB bob example.net" ]; ok $? "WRKSMTPUSR lists profile, alias and domain of each entry"
