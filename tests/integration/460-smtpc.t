#!/bin/bash
# Outbound SMTP client (qsmtpc) against real servers nobody here wrote:
# Postfix's smtp-sink and Python's aiosmtpd (AUTH relay, STARTTLS with an
# untrusted vs a trusted certificate).  Every port is picked free at run time.
set -u
B=$QSHIM_BUILD/bin
T=$(mktemp -d /tmp/qshim-smtpc.XXXXXX)
export QSYS_ROOT=$T/root
mkdir -p "$QSYS_ROOT/mail"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$T"; }
trap cleanup EXIT
n=0
ok() { n=$((n+1)); echo "ok $n - $1"; }
nok() { n=$((n+1)); echo "not ok $n - $1"; [ -n "${2:-}" ] && sed 's/^/# /' <<<"$2"; }
check() { if eval "$2"; then ok "$1"; else nok "$1" "${3:-}"; fi; }
wait_port() { for _ in $(seq 300); do (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.1; done; return 1; }
wait_file() { for _ in $(seq 300); do [ -e "$1" ] && return 0; sleep 0.1; done; return 1; }

echo "1..20"
SINK=/usr/sbin/smtp-sink
SU=$(id -un); [ "$(id -u)" = 0 ] && SU=nobody
PY=/usr/bin/python3
mkdir -p "$T/sink" && chmod 777 "$T/sink"
# sink, soft, hard, drop, closed (nothing listens), auth, tls
read -r P_SINK P_SOFT P_HARD P_DROP P_CLOSED P_AUTH P_TLS < <($PY "$QSHIM_SRC/tests/integration/lib/freeport.py" 7 | tr '\n' ' ')
$SINK -u $SU -R "$T/sink" -d "m-%H%M%S." 127.0.0.1:$P_SINK 20 & PIDS+=($!)
$SINK -u $SU -r RCPT 127.0.0.1:$P_SOFT 20 & PIDS+=($!)
$SINK -u $SU -f RCPT 127.0.0.1:$P_HARD 20 & PIDS+=($!)
$SINK -u $SU -q DATA 127.0.0.1:$P_DROP 20 & PIDS+=($!)
wait_port $P_SINK && wait_port $P_SOFT && wait_port $P_HARD && wait_port $P_DROP

printf 'From: a@here.test\nTo: bob@sink.test\nSubject: hi\n\n.leading dot\nline two\n.\n' > "$T/msg"
cat > "$QSYS_ROOT/mail/smtpc.conf" <<CONF
TIMEOUT 10
ROUTE sink.test 127.0.0.1:$P_SINK
ROUTE soft.test 127.0.0.1:$P_SOFT
ROUTE hard.test 127.0.0.1:$P_HARD
ROUTE drop.test 127.0.0.1:$P_DROP
ROUTE closed.test 127.0.0.1:$P_CLOSED
CONF

out=$($B/qsmtpc -f a@here.test bob@sink.test carol@sink.test < "$T/msg"); rc=$?
check "smtp-sink: two recipients delivered" '[ $rc -eq 0 ] && [ "$(grep -c " OK 2.0.0 250" <<<"$out")" = 2 ]' "$out"
# smtp-sink writes its dump file as the transaction ends: wait for the whole
# file (the dot line) rather than for a fixed time, so a loaded machine is no problem.
f=
for _ in $(seq 300); do
  f=$(ls "$T"/sink/m-* 2>/dev/null | head -1)
  [ -n "$f" ] && grep -q "^\.\r\?$" "$f" && break
  sleep 0.1
done
check "smtp-sink: one transaction, both RCPTs, SIZE given" 'grep -q "X-Rcpt-Args: <carol@sink.test>" "$f" && grep -q "X-Mail-Args: <a@here.test> SIZE=" "$f"' "$(cat "$f" 2>/dev/null)"
check "smtp-sink: dot-stuffing undone by the server" 'grep -q "^\.leading dot\r\?$" "$f" && grep -q "^\.\r\?$" "$f"' "$(cat -A "$f" 2>/dev/null | tail -5)"

out=$($B/qsmtpc -n 3 -f a@here.test bob@sink.test < "$T/msg")
check "connection reused for three messages" 'grep -q "connections=1 reuses=2" <<<"$out"' "$out"

out=$($B/qsmtpc -f a@here.test x@soft.test < "$T/msg"); rc=$?
check "4xx to RCPT defers" '[ $rc -eq 1 ] && grep -q "^x@soft.test DEFER 4" <<<"$out"' "$out"
out=$($B/qsmtpc -f a@here.test x@hard.test < "$T/msg")
check "5xx to RCPT fails permanently" 'grep -q "^x@hard.test FAIL 5" <<<"$out"' "$out"
out=$($B/qsmtpc -f a@here.test x@drop.test < "$T/msg")
check "server dropping the connection at DATA defers" 'grep -q "^x@drop.test DEFER 4.4.2" <<<"$out"' "$out"
out=$($B/qsmtpc -f a@here.test x@closed.test < "$T/msg")
check "nothing listening defers (4.4.1)" 'grep -q "^x@closed.test DEFER 4.4.1" <<<"$out"' "$out"

# --- MX look-up through libresolv against a stub DNS server ---------------
if $PY -c 'import dns.message' 2>/dev/null; then
  $PY "$QSHIM_SRC/tests/integration/lib/dns_stub.py" 0 "$T/dns.ready" 2>"$T/dns.log" & PIDS+=($!)
  for _ in $(seq 300); do [ -e "$T/dns.ready" ] && break; sleep 0.1; done
  printf 'DNS 127.0.0.1:%s\nPORT %s\nTIMEOUT 10\n' "$(cat "$T/dns.ready")" $P_SINK > "$QSYS_ROOT/mail/smtpc.conf"
  out=$($B/qsmtpc -f a@here.test x@mx.test < "$T/msg")
  check "MX: best preference unreachable, second MX delivers" 'grep -q "^x@mx.test OK .*(127.0.0.1)" <<<"$out"' "$out"
  out=$($B/qsmtpc -f a@here.test x@localhost < "$T/msg")
  check "no MX record (NODATA): the domain itself is used" 'grep -q "^x@localhost OK" <<<"$out"' "$out"
  out=$($B/qsmtpc -f a@here.test x@nullmx.test < "$T/msg")
  check "null MX (RFC 7505): permanent failure" 'grep -q "^x@nullmx.test FAIL 5.1.2 .*null MX" <<<"$out"' "$out"
  out=$($B/qsmtpc -f a@here.test x@nosuch.test < "$T/msg")
  check "NXDOMAIN: permanent failure" 'grep -q "^x@nosuch.test FAIL 5.1.2 .*does not exist" <<<"$out"' "$out"
  out=$($B/qsmtpc -f a@here.test x@broken.test < "$T/msg")
  check "SERVFAIL: deferred" 'grep -q "^x@broken.test DEFER 4.4.3" <<<"$out"' "$out"
else
  for i in $(seq 9 13); do echo "ok $i # skip python3-dnspython not installed"; done
fi

# --- AUTH-requiring relay (aiosmtpd) as MAILROUTER -----------------------
if ! $PY -c 'import aiosmtpd' 2>/dev/null; then
  for i in $(seq 14 20); do echo "ok $i # skip python3-aiosmtpd not installed"; done; exit 0
fi
mkdir -p "$T/auth" "$T/tls"
$PY "$QSHIM_SRC/tests/integration/lib/aiosmtpd_sink.py" auth $P_AUTH "$T/auth" 2>"$T/auth.log" & PIDS+=($!)
wait_file "$T/auth/ready"
printf 'MAILROUTER 127.0.0.1:%s\nTIMEOUT 10\n' $P_AUTH > "$QSYS_ROOT/mail/smtpc.conf"
out=$($B/qsmtpc -f a@here.test someone@far.away < "$T/msg")
check "relay without credentials: refused (530)" 'grep -q "^someone@far.away FAIL 5.7.0 530" <<<"$out"' "$out"
printf '127.0.0.1 relayuser wrong\n' > "$QSYS_ROOT/mail/hostauth"; chmod 600 "$QSYS_ROOT/mail/hostauth"
out=$($B/qsmtpc -f a@here.test someone@far.away < "$T/msg")
check "relay with a wrong password defers (4.7.0), password not shown" 'grep -q "^someone@far.away DEFER 4.7.0 authentication as relayuser refused: 535" <<<"$out" && ! grep -q wrong <<<"$out"' "$out"
printf '127.0.0.1 relayuser pa55word\n' > "$QSYS_ROOT/mail/hostauth"
out=$($B/qsmtpc -f a@here.test someone@far.away < "$T/msg")
check "relay with *HOSTAUTH credentials delivers" 'grep -q "^someone@far.away OK" <<<"$out" && grep -q "X-Auth: 1" "$T"/auth/msg*' "$out"
rm -f "$QSYS_ROOT/mail/hostauth"

# --- STARTTLS: self-signed (untrusted) vs CA-issued (trusted) ------------
(cd "$T/tls" && {
  openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj /CN=QshimTestCA
  openssl req -new -newkey rsa:2048 -nodes -keyout srv.key -out srv.csr -subj /CN=localhost
  printf 'subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n' > srv.ext
  openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile srv.ext -out srv.pem
} >/dev/null 2>&1)
mkdir -p "$T/tlsout"
$PY "$QSHIM_SRC/tests/integration/lib/aiosmtpd_sink.py" tls $P_TLS "$T/tlsout" "$T/tls/srv.pem" "$T/tls/srv.key" 2>"$T/tls.log" & PIDS+=($!)
wait_file "$T/tlsout/ready"
printf 'ROUTE tls.test localhost:%s\nTIMEOUT 10\nTLS *OPTIONAL\n' $P_TLS > "$QSYS_ROOT/mail/smtpc.conf"
out=$($B/qsmtpc -f a@here.test r@tls.test < "$T/msg")
check "opportunistic STARTTLS delivers encrypted" 'grep -q "^r@tls.test OK" <<<"$out" && grep -q "tls=1" <<<"$out" && grep -q "X-TLS: 1" "$T"/tlsout/msg0' "$out"
printf 'ROUTE tls.test localhost:%s\nTIMEOUT 10\nTLS *REQUIRED\n' $P_TLS > "$QSYS_ROOT/mail/smtpc.conf"
out=$($B/qsmtpc -f a@here.test r@tls.test < "$T/msg")
check "required TLS + verification: untrusted certificate defers" 'grep -q "^r@tls.test DEFER 4.7.5 .*not trusted" <<<"$out"' "$out"
printf 'ROUTE tls.test localhost:%s\nTIMEOUT 10\nTLS *REQUIRED\nCAFILE %s\n' $P_TLS "$T/tls/ca.pem" > "$QSYS_ROOT/mail/smtpc.conf"
out=$($B/qsmtpc -f a@here.test r@tls.test < "$T/msg")
check "required TLS + verification: trusted CA delivers" 'grep -q "^r@tls.test OK" <<<"$out"' "$out"
printf 'ROUTE sink.test 127.0.0.1:%s\nTIMEOUT 10\nTLS *REQUIRED\n' $P_SINK > "$QSYS_ROOT/mail/smtpc.conf"
out=$($B/qsmtpc -f a@here.test r@sink.test < "$T/msg")
check "required TLS to a server without STARTTLS defers (4.7.4)" 'grep -q "^r@sink.test DEFER 4.7.4" <<<"$out"' "$out"
