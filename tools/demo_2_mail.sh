#!/bin/bash
# Demo 2, the mail engine on the system root, driven as an IBM i operator
# would: service-table ports on loopback, CHGSMTPA/ADDUSRSMTP, STRTCPSVR
# *SMTP *POP and STRMSF, a message sent by swaks over STARTTLS + AUTH PLAIN to
# DEMOUSER (made by demo 1), fetched back with Python poplib over STLS, the
# QZMF journal entries printed with DSPJRN, then ENDTCPSVR/ENDMSF.
set -u
cd "$(dirname "$0")/.." || exit 1
B=${QSHIM_BUILD:-$PWD/build}/bin
export QSYS_ROOT=${QSYS_ROOT:-$HOME/.qshim}
qcl() { echo "> $*"; "$B/qcl" "$@"; }
stop() {
  "$B/qcl" 'ENDTCPSVR SERVER(*SMTP *POP)' >/dev/null 2>&1
  "$B/qcl" 'ENDMSF OPTION(*IMMED)' >/dev/null 2>&1
  for n in qsmtpd qpop3d qmsf; do
    [ -f "$QSYS_ROOT/run/$n.pid" ] && kill "$(cat "$QSYS_ROOT/run/$n.pid")" 2>/dev/null
  done
}
trap stop EXIT
stop   # a demo interrupted earlier may have left servers running

echo "== Ports: the service table moves smtp, submission, smtps, pop3, pop3s to free loopback ports"
read -r P0 P1 P2 P3 P4 < <(python3 -c '
import socket
ss = [socket.socket() for _ in range(5)]
for s in ss: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in ss])')
i=0
for svc in smtp submission smtps pop3 pop3s; do
  eval "p=\$P$i"; i=$((i+1))
  for old in $("$B/qcl" 'WRKSRVTBLE' 2>/dev/null | awk -v s="$svc" '$1 == s && $3 == "tcp" {print $2}'); do
    "$B/qcl" "RMVSRVTBLE SERVICE('$svc') PORT($old) PROTOCOL('tcp')" >/dev/null 2>&1
  done
  qcl "ADDSRVTBLE SERVICE('$svc') PORT($p) PROTOCOL('tcp') TEXT('qshim demo')" || exit 1
done

echo "== TLS certificate for the servers (openssl req), key mode 0600"
tls=$QSYS_ROOT/demo-tls; mkdir -p "$tls"
if [ ! -f "$tls/cert.pem" ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tls/key.pem" -out "$tls/cert.pem" \
    -days 365 -subj /CN=qshim.test >/dev/null 2>&1 || exit 1
  chmod 600 "$tls/key.pem"
fi
"$B/qmailadm" chgsmtpa HOSTNAME qshim.test || exit 1
"$B/qmailadm" chgsmtpa CERTFILE "$tls/cert.pem" || exit 1
"$B/qmailadm" chgsmtpa KEYFILE "$tls/key.pem" || exit 1

echo "== Configure and start the servers"
qcl "CHGSMTPA JOURNAL(*YES) ALWRLY(*BYIPADR)" || exit 1
"$B/qcl" "RMVUSRSMTP USRPRF(DEMOUSER)" >/dev/null 2>&1
qcl "ADDUSRSMTP USRPRF(DEMOUSER) ALIAS(demouser) DOMAIN('qshim.test')" || true
qcl "STRTCPSVR SERVER(*SMTP *POP)" || exit 1
qcl "STRMSF NBRMSFJOB(2)" || exit 1

echo "== swaks: STARTTLS + AUTH PLAIN as demouser, to demouser@qshim.test"
swaks --server 127.0.0.1:"$P1" -tls --auth PLAIN --auth-user demouser --auth-password demo-pass-1 \
  --from demouser@qshim.test --to demouser@qshim.test --h-Subject "qshim demo $(date -u +%H:%M:%S)" \
  --body "Sent by swaks over STARTTLS with AUTH, delivered by MSF into a Maildir." \
  2>&1 | grep -E '^ *(<-|->|<~|~>) ' | grep -vE '^ *~> (Date|To|From|Subject|Message-Id|X-Mailer|Sent by| *$)' | cut -c1-90 | sed 's/^/   /'

echo "== Python poplib: STLS, USER/PASS, RETR of the newest message"
python3 - "$P3" <<'PY' || exit 1
import poplib, ssl, sys, time
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
for _ in range(100):
    m = poplib.POP3("127.0.0.1", int(sys.argv[1]), timeout=10)
    m.stls(context=ctx); m.user("demouser"); m.pass_("demo-pass-1")
    n, size = m.stat()
    if n: break
    m.quit(); time.sleep(0.1)
print(f"   mailbox: {n} message(s), {size} octets")
_, lines, _ = m.retr(n)
for l in lines:
    if l.split(b":")[0] in (b"Subject", b"From", b"To", b"Received"):
        print("   " + l.decode(errors="replace")[:100])
m.quit()
PY

echo "== DSPJRN JRN(QUSRSYS/QZMF): the message's life in the journal (last entries)"
"$B/qcl" "DSPJRN JRN(QUSRSYS/QZMF)" | tail -n 8
echo "== ENDTCPSVR / ENDMSF"
qcl "ENDTCPSVR SERVER(*SMTP *POP)"
qcl "ENDMSF OPTION(*CNTRLD)"
