#!/bin/bash
# The Internet copy of a distribution, end to end: SNDDST TOINTNET to a local
# SMTP user → QSMTPQ → MSF (with a crashing exit program registered at
# QIBM_QZMFMSF_LCL_DEL, which must not stop delivery) → Maildir → fetched by
# a real POP client (curl pop3://).  Ports 25013-25014.
set -u
B=$QSHIM_BUILD/bin
T=$(mktemp -d /tmp/qshim-snadspop.XXXXXX)
export QSYS_ROOT=$T/root QSHIM_BIN=$B
unset QSHIM_USER
mkdir -p "$QSYS_ROOT"
cleanup() {
  for p in qsmtpd qpop3d qmsf; do
    [ -f "$QSYS_ROOT/run/$p.pid" ] && kill -9 "$(cat "$QSYS_ROOT/run/$p.pid")" 2>/dev/null
  done
  [ -n "${KEEP:-}" ] || rm -rf "$T"
}
trap cleanup EXIT
n=0
ok() { n=$((n+1)); echo "ok $n - $1"; }
nok() { n=$((n+1)); echo "not ok $n - $1"; [ -n "${2:-}" ] && sed 's/^/# /' <<<"$2"; }
check() { if eval "$2"; then ok "$1"; else nok "$1" "${3:-}"; fi; }
qcl() { "$B/qcl" "$@" 2>&1; }
echo "1..6"

ME=$(whoami | tr a-z A-Z | tr -c 'A-Z0-9\n' _ | cut -c1-10)
out=$(qcl "RMVSRVTBLE SERVICE('pop3') PORT(110) PROTOCOL('tcp')"; qcl "ADDSRVTBLE SERVICE('pop3') PORT(25013) PROTOCOL('tcp')"
      qcl "RMVSRVTBLE SERVICE('pop3s') PORT(995) PROTOCOL('tcp')"; qcl "ADDSRVTBLE SERVICE('pop3s') PORT(25014) PROTOCOL('tcp')"
      "$B/qmailadm" chgsmtpa HOSTNAME qshim.test
      qcl "CRTUSRPRF USRPRF(BOB) PASSWORD(Secret9x)"; qcl "ADDUSRSMTP USRPRF(BOB) ALIAS(bob) DOMAIN('qshim.test')"
      qcl "ADDDIRE USRID(SMITH NEWYORK) USRD('John Smith') USER($ME) USRDFNFLD((SMTPAUSRID SMTP 'jsmith') (SMTPDMN SMTP 'qshim.test'))"
      qcl "ADDDIRE USRID(GATEWAY INTERNET) USRD('SMTP gateway') PREFADR(NETUSRID *IBM ATCONTXT)"
      qcl "CHGDSTA SMTPRTE(GATEWAY INTERNET)")
check "setup: service table, SMTP user, directory, SMTP route" '! grep -q "CP[FD]" <<<"$out"' "$out"

printf 'void boom(char *e, char *i, void *a, int *n, char *f, int *rc) { *(volatile int *)0 = 1; *rc = 0; }\n' > "$T/boom.c"
cc -shared -fPIC -o "$T/boom.so" "$T/boom.c"
out=$(qcl "ADDEXITPGM EXITPNT(QIBM_QZMFMSF_LCL_DEL) FORMAT(MSFF0100) PGMNBR(1) PGM(QGPL/BOOM) PGMPATH('$T/boom.so') TIMEOUT(5)")
check "a crashing exit program is registered at LCL_DEL" 'grep -q "as number 1" <<<"$out"' "$out"

out=$(qcl "SNDDST TYPE(*LMSG) TOINTNET((bob@qshim.test)) DSTD('Quarterly') LONGMSG('Hello Bob, this came through SNADS.') IMPORTANCE(*HIGH)")
check "SNDDST TOINTNET to a local SMTP user" 'grep -q "sent" <<<"$out"' "$out"

out=$(qcl "STRTCPSVR SERVER(*POP)"; qcl "STRMSF NBRMSFJOB(1)")
for _ in $(seq 150); do [ -n "$(ls $QSYS_ROOT/mail/box/BOB/Maildir/new 2>/dev/null)" ] && break; sleep 0.1; done
out=$(curl -sS "pop3://127.0.0.1:25013/1" --user bob:Secret9x 2>&1)
check "curl pop3:// fetches the distribution's Internet copy" \
  'grep -q "Subject: Quarterly" <<<"$out" && grep -q "Hello Bob, this came through SNADS." <<<"$out" && grep -q "From: <jsmith@qshim.test>" <<<"$out"' "$out"
check "the exit program crashed and MSF carried on (daemon alive)" \
  'kill -0 $(cat $QSYS_ROOT/run/qmsf.pid)' ""
check "the crash was reported in the MSF log (CPFAF95 text)" \
  'grep -q "QGPL/BOOM at exit point QIBM_QZMFMSF_LCL_DEL ended abnormally with signal 11" $QSYS_ROOT/log/qmsf.log' \
  "$(cat $QSYS_ROOT/log/qmsf.log 2>/dev/null)"
qcl "ENDTCPSVR SERVER(*POP)" >/dev/null; qcl "ENDMSF OPTION(*IMMED)" >/dev/null
