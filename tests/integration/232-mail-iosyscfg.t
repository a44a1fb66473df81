#!/bin/bash
# *IOSYSCFG on the mail configuration commands and IBM-only error text:
# a job whose profile lacks *IOSYSCFG gets TCP8050 from CHGSMTPA, CHGPOPA,
# ADDSMTPLE, STRTCPSVR, ENDTCPSVR and WRKSMTPEMM and changes nothing; a
# profile with *IOSYSCFG may run them.  A rejected CHGSMTPA value (through
# qcl or qmailadm) is reported as an IBM message id and its text only.
set -u
B=$QSHIM_BUILD/bin
T=$(mktemp -d /tmp/qshim-iosyscfg.XXXXXX)
export QSYS_ROOT=$T/root
mkdir -p "$QSYS_ROOT"
trap 'rm -rf "$T"' EXIT
n=0
ok() { n=$((n+1)); echo "ok $n - $1"; }
nok() { n=$((n+1)); echo "not ok $n - $1"; [ -n "${2:-}" ] && sed 's/^/# /' <<<"$2"; }
check() { if eval "$2"; then ok "$1"; else nok "$1" "${3:-}"; fi; }
echo "1..11"

# the host user (created on first use) has every special authority
out=$("$B/qcl" "CRTUSRPRF USRPRF(CLERK) PASSWORD(Pw1x)" 2>&1
      "$B/qcl" "CRTUSRPRF USRPRF(NETADM) PASSWORD(Pw2x) SPCAUT(*IOSYSCFG)" 2>&1
      "$B/qcl" "CHGSMTPA JOURNAL(*NO)" 2>&1)
check "security officer creates CLERK (no special authority) and NETADM (*IOSYSCFG)" \
  '! grep -q "CP[FD]" <<<"$out"' "$out"
conf_before=$(cat "$QSYS_ROOT/mail/smtpa.conf")

for cmd in "CHGSMTPA JOURNAL(*YES)" "CHGPOPA ALWSSL(*ONLY)" "ADDSMTPLE TYPE(*ACCEPT) INTNETADR('10.0.0.0') SUBNETMASK('255.0.0.0')" \
           "STRTCPSVR SERVER(*SMTP)" "ENDTCPSVR SERVER(*POP)" "WRKSMTPEMM"; do
  out=$(QSHIM_USER=CLERK "$B/qcl" "$cmd" 2>&1); rc=$?
  name=${cmd%% *}
  check "CLERK: $name is refused with TCP8050" \
    '[ $rc -ne 0 ] && grep -q "^TCP8050: \*IOSYSCFG authority required to use $name\.$" <<<"$out"' "rc=$rc $out"
done
check "nothing was changed or started by CLERK" \
  '[ "$(cat $QSYS_ROOT/mail/smtpa.conf)" = "$conf_before" ] && [ ! -e $QSYS_ROOT/mail/popa.conf ] && [ ! -e $QSYS_ROOT/mail/smtple ] && [ ! -e $QSYS_ROOT/run/qsmtpd.pid ]' \
  "$(ls -R $QSYS_ROOT/mail $QSYS_ROOT/run 2>&1)"

out=$(QSHIM_USER=NETADM "$B/qcl" "CHGSMTPA JOURNAL(*YES)" 2>&1; QSHIM_USER=NETADM "$B/qcl" "CHGPOPA ALWSSL(*ONLY)" 2>&1)
check "NETADM (*IOSYSCFG) changes SMTP and POP attributes" \
  '[ -z "$out" ] && grep -q "^JOURNAL \*YES$" $QSYS_ROOT/mail/smtpa.conf && grep -q "^ALWSSL \*ONLY$" $QSYS_ROOT/mail/popa.conf' "$out"

# rejected values: IBM message id + text only, no internal wording
out=$("$B/qcl" "CHGSMTPA BNDADR('1.2.3')" 2>&1)
check "CHGSMTPA with a bad address: CPD0084 and nothing else" \
  '[ "$out" = "CPD0084: Value '"'"'1.2.3'"'"' for parameter BNDADR not valid." ]' "$out"
out=$("$B/qmailadm" chgsmtpa ALWRLY '*OPEN' 2>&1; "$B/qmailadm" chgsmtpa NOSUCH '*YES' 2>&1
      "$B/qmailadm" chgsmtpa MAXEMMSIZE $'1\n2' 2>&1)
check "qmailadm: rejected keyword/value lines are CPD0084/CPD0043 with IBM text" \
  '[ "$out" = "qmailadm: CPD0084 Value '"'"'*OPEN'"'"' for parameter ALWRLY not valid.
qmailadm: CPD0043 Keyword NOSUCH not valid for this command.
qmailadm: CPD0084 Value '"'"'1\x0a2'"'"' for parameter MAXEMMSIZE not valid." ]' "$out"
