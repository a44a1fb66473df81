#!/bin/bash
# Demo 5, an MSF exit program: samples/disclaimer.c, compiled as a shared
# object with the pkg-config flags, registered with ADDEXITPGM at
# QIBM_QZMFMSF_MSG_FWD, adds a disclaimer to the copy of a mail that leaves
# the system.  SNDSMTPEMM sends to a local user and an Internet partner; MSF
# runs the pipeline; the SMTP client delivers the Internet copy to a real
# SMTP server (Python aiosmtpd) on a free loopback port.  The local copy has
# no disclaimer, the Internet copy has it.  Own temporary root; cleans up.
set -u
cd "$(dirname "$0")/.." || exit 1
SRC=$PWD
BUILD=${QSHIM_BUILD:-$PWD/build}
B=$BUILD/bin
T=$(mktemp -d /tmp/qshim-demo5.XXXXXX)
export QSYS_ROOT=$T/root QSHIM_QCL=$B/qcl
SINK=
cleanup() { [ -n "$SINK" ] && kill "$SINK" 2>/dev/null && wait "$SINK" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
qcl() { echo "> $*"; "$B/qcl" "$@"; }
fail() { echo "demo 5 FAILED: $*"; exit 1; }

echo "== Compile the exit program: cc -shared -fPIC samples/disclaimer.c \$(pkg-config --cflags qshim)"
cc -Wall -Werror -shared -fPIC -o "$T/disclaimer.so" "$SRC/samples/disclaimer.c" \
   $(PKG_CONFIG_PATH=$BUILD/pkgconfig pkg-config --cflags qshim) || fail "compile"

echo "== A partner's mail server: aiosmtpd on a free loopback port"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$T/partner"
/usr/bin/python3 "$SRC/tests/integration/lib/aiosmtpd_sink.py" plain "$PORT" "$T/partner" 2>"$T/sink.log" & SINK=$!
for _ in $(seq 100); do [ -e "$T/partner/ready" ] && break; sleep 0.1; done
[ -e "$T/partner/ready" ] || fail "aiosmtpd did not start: $(cat "$T/sink.log")"
mkdir -p "$QSYS_ROOT/mail"
printf 'ROUTE partner.example 127.0.0.1:%s\nTIMEOUT 20\n' "$PORT" > "$QSYS_ROOT/mail/smtpc.conf"

echo "== Users: ANA sends, BOB is local"
"$B/qmailadm" chgsmtpa HOSTNAME qshim.test >/dev/null || fail "chgsmtpa"
for u in ANA BOB; do
  "$B/qmailadm" crtusrprf $u "Secret-${u}9" >/dev/null 2>&1
  "$B/qmailadm" addusrsmtp $u "$(echo $u | tr A-Z a-z)" qshim.test >/dev/null || fail "addusrsmtp"
done

echo "== Register the exit program"
qcl "ADDEXITPGM EXITPNT(QIBM_QZMFMSF_MSG_FWD) FORMAT(MSFF0100) PGMNBR(*LOW) PGM(QGPL/DISCLAIM) PGMPATH('$T/disclaimer.so') TEXT('Disclaimer on outgoing mail')" || fail "ADDEXITPGM"
qcl "WRKREGINF EXITPNT(QIBM_QZMFMSF_MSG_FWD)"

echo "== Send one mail to bob@qshim.test and partner@partner.example"
QSHIM_USER=ANA qcl "SNDSMTPEMM RCP((bob@qshim.test) (partner@partner.example *CC)) SUBJECT('Price list') NOTE('Hello, the new prices apply from Monday.')" || fail "SNDSMTPEMM"

echo "== MSF runs the pipeline once (qmailadm strmsf --once), the SMTP client the outbound queue"
"$B/qmailadm" strmsf --once || fail "strmsf"
"$B/qsmtpc" -q || fail "qsmtpc"
for _ in $(seq 50); do [ -e "$T/partner/msg0" ] && break; sleep 0.1; done

local_copy=$(ls "$QSYS_ROOT"/mail/box/BOB/Maildir/new/* 2>/dev/null | head -1)
[ -n "$local_copy" ] && [ -e "$T/partner/msg0" ] || fail "a copy is missing"
echo "== BOB's local copy (delivered before MSG_FWD): no disclaimer"
sed -n '/^\r\?$/,$p' "$local_copy" | tr -d '\r'
echo "== The copy partner.example's server received: the disclaimer was added"
sed -n '/^\r\?$/,$p' "$T/partner/msg0" | tr -d '\r'
grep -q "This e-mail is confidential" "$local_copy" && fail "local copy changed"
grep -q "This e-mail is confidential" "$T/partner/msg0" || fail "no disclaimer on the Internet copy"
echo "demo 5: the exit program added the disclaimer to outgoing mail only"
