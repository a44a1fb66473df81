#!/bin/bash
# With CHGSMTPA DIRTYPE(*SDD), Internet mail for a directory user with
# MSFSRVLVL(*USRIDX) arrives as
# distributions: Python's smtplib sends a MIME message with an attachment to
# qsmtpd, MSF turns it into a *LMSG note and a *DOC distribution, QRYDST
# OPTION(*IN) lists both, RCVDST returns the note text and the attachment.
# A *SYSMS user's mail still goes to the POP mailbox.  Ports: free ones.
set -u
B=$QSHIM_BUILD/bin
T=$(mktemp -d /tmp/qshim-dstin.XXXXXX)
export QSYS_ROOT=$T/root QSHIM_BIN=$B
mkdir -p "$QSYS_ROOT"
cleanup() {
  for p in qsmtpd qmsf; do
    [ -f "$QSYS_ROOT/run/$p.pid" ] && kill -9 "$(cat "$QSYS_ROOT/run/$p.pid")" 2>/dev/null
  done
  rm -rf "$T"
}
trap cleanup EXIT
n=0
ok() { n=$((n+1)); echo "ok $n - $1"; }
nok() { n=$((n+1)); echo "not ok $n - $1"; [ -n "${2:-}" ] && sed 's/^/# /' <<<"$2"; }
check() { if eval "$2"; then ok "$1"; else nok "$1" "${3:-}"; fi; }
qcl() { "$B/qcl" "$@" 2>&1; }
echo "1..10"
read -r P0 P1 < <(python3 -c '
import socket
ss = [socket.socket() for _ in range(2)]
for s in ss: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in ss])')

ME=$(whoami | tr a-z A-Z | tr -c 'A-Z0-9\n' _ | cut -c1-10)
out=$(qcl "RMVSRVTBLE SERVICE('smtp') PORT(25) PROTOCOL('tcp')"; qcl "ADDSRVTBLE SERVICE('smtp') PORT($P0) PROTOCOL('tcp')"
      qcl "RMVSRVTBLE SERVICE('submission') PORT(587) PROTOCOL('tcp')"; qcl "ADDSRVTBLE SERVICE('submission') PORT($P1) PROTOCOL('tcp')"
      "$B/qmailadm" chgsmtpa HOSTNAME qshim.test
      qcl "CHGSMTPA JOURNAL(*YES) DIRTYPE(*SDD)"
      qcl "CRTUSRPRF USRPRF(DORA) PASSWORD(Secret9x)"
      qcl "ADDDIRE USRID(DORA SALES) USRD('Dora') USER(DORA) USRDFNFLD((SMTPAUSRID SMTP 'dora') (SMTPDMN SMTP 'qshim.test'))"
      qcl "ADDDIRE USRID(ERIC SALES) USRD('Eric') USER($ME) MSFSRVLVL(*SYSMS) USRDFNFLD((SMTPAUSRID SMTP 'eric') (SMTPDMN SMTP 'qshim.test'))"
      qcl "ADDDIRE USRID(GATEWAY INTERNET) USRD('SMTP gateway') PREFADR(NETUSRID *IBM ATCONTXT)"
      qcl "CHGDSTA SMTPRTE(GATEWAY INTERNET)"
      qcl "STRTCPSVR SERVER(*SMTP)"; qcl "STRMSF NBRMSFJOB(1)")
check "setup: directory entries (*USRIDX and *SYSMS), SMTP server, MSF" '! grep -q "CP[FD]" <<<"$out"' "$out"

out=$(python3 - "$P0" <<'PY' 2>&1
import smtplib, sys
from email.message import EmailMessage
m = EmailMessage()
m["From"] = "Zoe Zed <zoe@example.org>"
m["To"] = "dora@qshim.test, eric@qshim.test"
m["Subject"] = "Q3 figures \u2013 final"
m["Importance"] = "high"
m.set_content("Hello Dora,\nthe figures are attached.\n\u00c5ngstr\u00f6m\n")
m.add_attachment(b"region,amount\nnorth,42\n", maintype="text", subtype="csv", filename="q3.csv")
m.add_attachment(bytes(range(256)), maintype="application", subtype="octet-stream", filename="../raw.bin")
with smtplib.SMTP("127.0.0.1", int(sys.argv[1])) as s:
    r = s.send_message(m)
print("sent", r)
PY
)
check "smtplib sends a multipart message to qsmtpd" 'grep -q "sent {}" <<<"$out"' "$out"

for _ in $(seq 200); do [ -n "$(ls $QSYS_ROOT/snads/in/DORA.SALES 2>/dev/null)" ] && \
  [ -n "$(ls $QSYS_ROOT/mail/box/$ME/Maildir/new 2>/dev/null)" ] && break; sleep 0.1; done
out=$(QSHIM_USER=DORA "$B/qcl" "QRYDST OPTION(*IN)" 2>&1)
check "QRYDST OPTION(*IN) lists the note and two documents" \
  'grep -q "3 distributions listed" <<<"$out" && grep -q "INTERNETGATEWAY 0001   1 \*LMSG" <<<"$out" && [ $(grep -c "\*DOC" <<<"$out") = 2 ]' "$out"
check "the *SYSMS user got it in the mailbox instead" '[ -n "$(ls $QSYS_ROOT/mail/box/$ME/Maildir/new)" ] && [ ! -d $QSYS_ROOT/snads/in/ERIC.SALES ]' "$(ls -R $QSYS_ROOT/snads/in)"

out=$(QSHIM_USER=DORA "$B/qcl" "RCVDST DSTID('INTERNETGATEWAY 0001') KEEP(*YES)" 2>&1)
check "RCVDST returns the note: subject decoded, text as sent" \
  'grep -q "Subject  . . . . . :   Q3 figures – final" <<<"$out" && grep -q "the figures are attached." <<<"$out" && grep -q "Ångström" <<<"$out"' "$out"
check "Importance: high became IMPORTANCE(*HIGH)" 'grep -q "Importance . . . . :   \*HIGH" <<<"$out"' "$out"
out=$(QSHIM_USER=DORA "$B/qcl" "RCVDST DSTID('INTERNETGATEWAY 0002') OUTFILE(DORALIB/DOC1) OUTDTATYP(*ALL)" 2>&1)
row=$(sqlite3 "$QSYS_ROOT/db/DORALIB.sqlite" "SELECT DSTTYPE, DOCNAME, CAST(DOC AS TEXT) FROM DOC1" 2>&1)
check "RCVDST OUTFILE: the first attachment is a *DOC with the CSV bytes" \
  'grep -q "^\*DOC|q3.csv|region,amount" <<<"$row"' "$row $out"
sqlite3 "$QSYS_ROOT/db/DORALIB.sqlite" "SELECT 1" >/dev/null
out=$(QSHIM_USER=DORA "$B/qcl" "RCVDST DSTID('INTERNETGATEWAY 0003') OUTFILE(DORALIB/DOC2) OUTDTATYP(*DSTINFO *DOC)" 2>&1)
len=$(sqlite3 "$QSYS_ROOT/db/DORALIB.sqlite" "SELECT DOCNAME, LENGTH(DOC), hex(substr(DOC,255,2)) FROM DOC2" 2>&1)
check "the binary attachment keeps all 256 bytes; its path is cut to a base name" '[ "$len" = "raw.bin|256|FEFF" ]' "$len $out"
out=$(qcl "DSPJRN JRN(QUSRSYS/QZMF)")
check "the journal shows HI entries from the Internet sender" '[ $(grep -c " L    HI .*from=zoe@example.org" <<<"$out") = 3 ]' "$out"

# unknown SDD SMTP names are still refused at RCPT time
out=$(python3 - "$P0" <<'PY' 2>&1
import smtplib, sys
s = smtplib.SMTP("127.0.0.1", int(sys.argv[1]))
s.ehlo("x"); s.mail("a@example.org"); print(s.rcpt("nobody@qshim.test")); s.quit()
PY
)
check "an address that is neither ADDUSRSMTP nor SDD gets 550" 'grep -q "(550" <<<"$out"' "$out"
qcl "ENDTCPSVR SERVER(*SMTP)" >/dev/null; qcl "ENDMSF OPTION(*IMMED)" >/dev/null
