#!/bin/bash
# WRKSMTPLE: the SMTP list entries ADDSMTPLE made, every TYPE with its fields
# (INTNETADR/SUBNETMASK, IP6NETADR/IP6PFX, HOSTNAME, FTRDATA, USERNAME) and
# never a *HOSTAUTH password; TYPE() selects one list; RMVSMTPLE removes a
# row; OUTPUT(*PRINT) writes a spooled file instead of the screen; a profile
# without *IOSYSCFG gets TCP8050.
set -u
. "$QSHIM_SRC/tests/integration/lib/qcltap.sh"
echo "1..12"

run 0 "0 entries" "WRKSMTPLE"
for cmd in "ADDSMTPLE TYPE(*ACCEPT) INTNETADR('10.1.0.0') SUBNETMASK('255.255.0.0')" \
           "ADDSMTPLE TYPE(*REJECT) INTNETADR('192.0.2.7')" \
           "ADDSMTPLE TYPE(*ACCEPTIP6) IP6NETADR('2001:db8::') IP6PFX(32)" \
           "ADDSMTPLE TYPE(*REJECTIP6) IP6NETADR('2001:db8:bad::1')" \
           "ADDSMTPLE TYPE(*DOMAIN) HOSTNAME(mail.example.org)" \
           "ADDSMTPLE TYPE(*FTRSUBJECT) FTRDATA('*win a prize*')" \
           "ADDSMTPLE TYPE(*FTRTYPE) FTRDATA('application/x-msdownload')" \
           "ADDSMTPLE TYPE(*HOSTAUTH) HOSTNAME(relay.example.net) USERNAME(Mailer7) PASSWORD(Zz9SecretPw)"; do
  "$Q" "$cmd" || echo "# failed: $cmd"
done

run 0 " 8 entries" "WRKSMTPLE"
all=$out
rows() { grep -E "^ \*[A-Z0-9]+ " <<<"$1" | tr -s ' '; }
want=" *ACCEPT 10.1.0.0 255.255.0.0
 *REJECT 192.0.2.7 255.255.255.255
 *ACCEPTIP6 2001:db8:: 32
 *REJECTIP6 2001:db8:bad::1 128
 *DOMAIN MAIL.EXAMPLE.ORG
 *FTRSUBJECT *win a prize*
 *FTRTYPE application/x-msdownload
 *HOSTAUTH RELAY.EXAMPLE.NET Mailer7"
got=$(rows "$all" | sed 's/ *$//')
[ "$got" = "$want" ]; ok $? "every type listed with its fields, in the order added"
[ "$got" = "$want" ] || printf '%s\n' "$got" | sed 's/^/# /'
! grep -q "Zz9SecretPw" <<<"$all"; ok $? "the *HOSTAUTH password is not shown"

run 0 " 1 entry$" "WRKSMTPLE TYPE(*ACCEPTIP6)"
[ "$(rows "$out" | sed "s/ *$//")" = " *ACCEPTIP6 2001:db8:: 32" ]; ok $? "TYPE(*ACCEPTIP6) lists that list only"
run 0 "RELAY.EXAMPLE.NET *Mailer7" "WRKSMTPLE TYPE(*HOSTAUTH)"

"$Q" "RMVSMTPLE TYPE(*REJECT) INTNETADR('192.0.2.7')"
run 0 " 7 entries" "WRKSMTPLE"
! grep -q "192.0.2.7" <<<"$out"; ok $? "RMVSMTPLE removed the *REJECT row"

# OUTPUT(*PRINT): a spooled file QSYSPRT with user data WRKSMTPLE
out=$("$Q" "WRKSMTPLE OUTPUT(*PRINT)" 2>&1); rc=$?
[ $rc = 0 ] && [ -z "$out" ]; ok $? "OUTPUT(*PRINT) writes nothing to the screen (rc $rc)"
line=$("$Q" "WRKSPLF" | grep " WRKSMTPLE ")
job=$(awk '{print $11 "/" $10 "/" $9}' <<<"$line")
sp=$("$Q" "DSPSPLF FILE(QSYSPRT) JOB($job) SPLNBR(*LAST)" 2>&1)
grep -q "application/x-msdownload" <<<"$sp" && grep -q " 7 entries" <<<"$sp" && ! grep -q Zz9SecretPw <<<"$sp"
ok $? "the spooled file ($job) holds the list, without the password"
[ $? = 0 ] || printf '%s\n%s\n' "$line" "$sp" | sed 's/^/# /'

"$Q" "CRTUSRPRF USRPRF(CLERK) PASSWORD(Pw1x)" >/dev/null 2>&1
out=$(QSHIM_USER=CLERK "$Q" "WRKSMTPLE" 2>&1); rc=$?
[ $rc != 0 ] && grep -q "^TCP8050: \*IOSYSCFG authority required to use WRKSMTPLE\.$" <<<"$out"
ok $? "CLERK (no *IOSYSCFG) is refused with TCP8050"
