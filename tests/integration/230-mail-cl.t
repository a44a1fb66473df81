#!/bin/bash
# The mail engine driven by CL commands through qcl, as an IBM i user would:
# ADDSRVTBLE (loopback ports), CHGSMTPA, ADDUSRSMTP, ADDSMTPLE, STRTCPSVR
# *SMTP/*POP, STRMSF, mail in with swaks, out with curl pop3://, DSPJRN to the
# screen and to an SQLite outfile, ENDTCPSVR, ENDMSF.  Ports: five free loopback ports picked at start.
set -u
B=$QSHIM_BUILD/bin
T=$(mktemp -d /tmp/qshim-mailcl.XXXXXX)
export QSYS_ROOT=$T/root QSHIM_BIN=$B
mkdir -p "$QSYS_ROOT"
cleanup() {
  for n in qsmtpd qpop3d qmsf; do
    [ -f "$QSYS_ROOT/run/$n.pid" ] && kill -9 "$(cat "$QSYS_ROOT/run/$n.pid")" 2>/dev/null
  done
  rm -rf "$T"
}
trap cleanup EXIT
n=0
ok() { n=$((n+1)); echo "ok $n - $1"; }
nok() { n=$((n+1)); echo "not ok $n - $1"; [ -n "${2:-}" ] && sed 's/^/# /' <<<"$2"; }
check() { if eval "$2"; then ok "$1"; else nok "$1" "${3:-}"; fi; }
qcl() { "$B/qcl" "$@" 2>&1; }
echo "1..12"
# free ports, so that parallel runs of the suite do not collide
read -r P0 P1 P2 P3 P4 < <(python3 -c '
import socket
ss = [socket.socket() for _ in range(5)]
for s in ss: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in ss])')

out=$(qcl "RMVSRVTBLE SERVICE('smtp') PORT(25) PROTOCOL('tcp')"; qcl "ADDSRVTBLE SERVICE('smtp') PORT($P0) PROTOCOL('tcp')"
      qcl "RMVSRVTBLE SERVICE('submission') PORT(587) PROTOCOL('tcp')"; qcl "ADDSRVTBLE SERVICE('submission') PORT($P1) PROTOCOL('tcp')"
      qcl "RMVSRVTBLE SERVICE('pop3') PORT(110) PROTOCOL('tcp')"; qcl "ADDSRVTBLE SERVICE('pop3') PORT($P3) PROTOCOL('tcp')"
      qcl "RMVSRVTBLE SERVICE('pop3s') PORT(995) PROTOCOL('tcp')"; qcl "ADDSRVTBLE SERVICE('pop3s') PORT($P4) PROTOCOL('tcp')"
      qcl "RMVSRVTBLE SERVICE('smtps') PORT(465) PROTOCOL('tcp')"; qcl "ADDSRVTBLE SERVICE('smtps') PORT($P2) PROTOCOL('tcp')")
check "service table entries for smtp, submission, pop3, pop3s" '! grep -q "CP[FD]" <<<"$out"' "$out"
"$B/qmailadm" chgsmtpa HOSTNAME qshim.test
out=$(qcl "CRTUSRPRF USRPRF(CAROL) PASSWORD(Secret9x)"; qcl "ADDUSRSMTP USRPRF(CAROL) ALIAS(carol) DOMAIN('qshim.test')"
      qcl "CHGSMTPA JOURNAL(*YES) ALWRLY(*BYIPADR) ALWAUTH(*LOCAL *RELAY *ALWPLAIN) MAXEMMSIZE(2048)"
      qcl "ADDSMTPLE TYPE(*REJECT) INTNETADR('192.0.2.1')"; qcl "CHGPOPA ALWSSL(*YES)")
check "CRTUSRPRF, ADDUSRSMTP, CHGSMTPA, ADDSMTPLE, CHGPOPA" '! grep -q "CP[FD]" <<<"$out"' "$out"
out=$(qcl "CHGSMTPA ALWRLY(*OPEN)")
check "CHGSMTPA refuses a value it does not know" 'grep -q CPD0084 <<<"$out"' "$out"
check "the configuration is written with IBM keyword names" \
  'grep -q "^ALWAUTH \*LOCAL \*RELAY \*ALWPLAIN$" $QSYS_ROOT/mail/smtpa.conf && grep -q "^MAXEMMSIZE 2048$" $QSYS_ROOT/mail/smtpa.conf' \
  "$(cat $QSYS_ROOT/mail/smtpa.conf)"
out=$(qcl "STRTCPSVR SERVER(*SMTP *POP)"; qcl "STRMSF NBRMSFJOB(2)")
check "STRTCPSVR SERVER(*SMTP *POP) and STRMSF start the daemons" \
  '! grep -q "CP[FD]" <<<"$out" && kill -0 $(cat $QSYS_ROOT/run/qsmtpd.pid) && kill -0 $(cat $QSYS_ROOT/run/qpop3d.pid) && kill -0 $(cat $QSYS_ROOT/run/qmsf.pid)' "$out"
out=$(swaks --server 127.0.0.1:$P1 --from a@example.com --to carol@qshim.test \
        --auth PLAIN --auth-user carol --auth-password Secret9x --h-Subject "via CL" 2>&1)
check "swaks submits on the service-table submission port" 'grep -q "250 2.0.0 Ok: queued" <<<"$out"' "$out"
for _ in $(seq 100); do [ -n "$(ls $QSYS_ROOT/mail/box/CAROL/Maildir/new 2>/dev/null)" ] && break; sleep 0.1; done
out=$(curl -sS "pop3://127.0.0.1:$P3/1" --user carol:Secret9x 2>&1)
check "STRMSF delivered it; curl pop3:// fetches it" 'grep -q "Subject: via CL" <<<"$out"' "$out"
out=$(qcl "DSPJRN JRN(QUSRSYS/QZMF)")
check "DSPJRN JRN(QZMF) lists receive and delivery entries" 'grep -q " L    91 " <<<"$out" && grep -q " L    82 " <<<"$out"' "$out"
qcl "DSPJRN JRN(QUSRSYS/QZMF) OUTPUT(*OUTFILE) OUTFILE(MAILLIB/JRNOUT)" >/dev/null
out=$(sqlite3 "$QSYS_ROOT/db/MAILLIB.sqlite" "SELECT COUNT(*) FROM JRNOUT WHERE JOENTT IN ('91','82')" 2>&1)
check "DSPJRN OUTPUT(*OUTFILE) writes an SQLite table" '[ "$out" -ge 2 ] 2>/dev/null' "$out"
qcl "CHGJRN JRN(QUSRSYS/QZMF) JRNRCV(*GEN)" >/dev/null   # the running servers go on in QZMF000002
swaks --server 127.0.0.1:$P1 --from carol@qshim.test --to far@remote.example \
  --auth PLAIN --auth-user carol --auth-password Secret9x >/dev/null 2>&1
for _ in $(seq 100); do [ -n "$(ls $QSYS_ROOT/mail/queue/remote 2>/dev/null)" ] && break; sleep 0.1; done
sleep 0.3
out=$(qcl "WRKSMTPEMM QUEUE(*PND) LISTBY(*RCP)")
check "WRKSMTPEMM lists relayed mail waiting for outbound delivery" 'grep -q "\*RLY \*PND .*far@remote.example" <<<"$out"' "$out"
cur=$(qcl "DSPJRN JRN(QZMF)"); chain=$(qcl "DSPJRN JRN(QZMF) RCVRNG(*CURCHAIN)")
seqs=$(awk '$1 ~ /^[0-9]+$/ {print $1}' <<<"$chain" | tr '\n' ' ')
check "after CHGJRN the servers journal into the new receiver; *CURCHAIN has all, numbered without gaps" \
  'grep -q " J    PR " <<<"$cur" && grep -q " L    91 " <<<"$cur" && ! grep -q " L    82 " <<<"$cur" && grep -q " L    82 " <<<"$chain" && grep -q " J    NR " <<<"$chain" && [ "$seqs" = "$(seq -s " " 1 $(wc -w <<<"$seqs")) " ]' \
  "$cur
$chain"
out=$(qcl "ENDTCPSVR SERVER(*SMTP *POP)"; qcl "ENDMSF OPTION(*IMMED)")
check "ENDTCPSVR and ENDMSF stop them" \
  '! grep -q "CP[FD]" <<<"$out" && ! (exec 3<>/dev/tcp/127.0.0.1/$P0) 2>/dev/null && [ ! -f $QSYS_ROOT/run/qmsf.pid ]' "$out"
