#!/bin/bash
# S/MIME recipient certificate checks against the user's trust store: an
# OpenSSL test CA (openssl ca) issues a good and a to-be-revoked certificate,
# its CRL revokes one; a self-signed certificate does not chain; an expired
# one is refused at import.  Sent through SNDSMTPEMM SMIME(*ENCRYPT); what is
# queued is decrypted again with openssl cms.
set -u
B=$QSHIM_BUILD/bin
T=$(mktemp -d /tmp/qshim-smimetrust.XXXXXX)
export QSYS_ROOT=$T/root
trap 'rm -rf "$T"' EXIT
n=0
check() { n=$((n+1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; [ -n "${3:-}" ] && sed 's/^/# /' <<<"$3"; fi; }
queued() { $B/qmailadm queue | sed -n 's/^queued \([0-9]*\).*/\1/p'; }
send() { QSHIM_USER=BOB $B/qcl "SNDSMTPEMM RCP(($1)) SUBJECT('secret') NOTE('for your eyes') SMIME(*ENCRYPT)" 2>&1; }
echo "1..10"

C=$T/ca
mkdir -p "$C/new"
: > "$C/index.txt"; echo 1000 > "$C/serial"; echo 1000 > "$C/crlnumber"
cat > "$C/ca.cnf" <<CNF
[ ca ]
default_ca = test
[ test ]
dir = $C
database = $C/index.txt
new_certs_dir = $C/new
serial = $C/serial
crlnumber = $C/crlnumber
certificate = $C/ca.pem
private_key = $C/ca.key
default_md = sha256
default_days = 2
default_crl_days = 2
policy = any
unique_subject = no
copy_extensions = none
x509_extensions = smime
[ any ]
commonName = supplied
emailAddress = optional
[ smime ]
basicConstraints = CA:FALSE
keyUsage = digitalSignature, keyEncipherment
extendedKeyUsage = emailProtection
CNF
{
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$C/ca.key" -out "$C/ca.pem" -days 3 -subj /CN=QshimSmimeCA
  for u in good revoked old; do
    openssl req -new -newkey rsa:2048 -nodes -keyout "$T/$u.key" -out "$T/$u.csr" -subj "/CN=$u/emailAddress=$u@t.test"
  done
  openssl ca -batch -config "$C/ca.cnf" -in "$T/good.csr" -out "$T/good.pem"
  openssl ca -batch -config "$C/ca.cnf" -in "$T/revoked.csr" -out "$T/revoked.pem"
  openssl ca -batch -config "$C/ca.cnf" -in "$T/old.csr" -out "$T/old.pem" -startdate 20200101000000Z -enddate 20200102000000Z
  openssl ca -config "$C/ca.cnf" -revoke "$T/revoked.pem"
  openssl ca -config "$C/ca.cnf" -gencrl -out "$T/crl.pem"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/stranger.key" -out "$T/stranger.pem" -days 2 -subj "/CN=stranger/emailAddress=stranger@t.test"
} >"$T/openssl.log" 2>&1

$B/qmailadm crtusrprf BOB Secret123 >/dev/null 2>&1
$B/qmailadm addusrsmtp BOB bob here.test >/dev/null 2>&1
for u in good revoked stranger; do $B/qsmime cert BOB $u@t.test "$T/$u.pem"; done
out=$($B/qsmime cert BOB old@t.test "$T/old.pem" 2>&1)
check "expired certificate refused at import: TCP5363 ... expired" 'grep -q "^TCP5363: .*old@t.test expired" <<<"$out"' "$out$(tail -3 "$T/openssl.log")"

out=$(send stranger@t.test)
check "no trust store: certificates are used as imported" '[ "$(queued)" = 1 ]' "$out"
out=$($B/qsmime trust BOB "$T/crl.pem" 2>&1)
check "a trust file without a certificate is refused" 'grep -q TCP5364 <<<"$out" && [ ! -e "$QSYS_ROOT/smime/BOB/trust.pem" ]' "$out"
$B/qsmime trust BOB "$C/ca.pem"
out=$(send stranger@t.test)
check "self-signed recipient certificate not trusted: TCP5366, nothing queued" \
  'grep -q "TCP5366" <<<"$out" && grep -qi "stranger@t.test" <<<"$out" && [ "$(queued)" = 1 ]' "$out"
out=$(send good@t.test)
check "CA-issued recipient certificate: queued" '[ "$(queued)" = 2 ]' "$out"
out=$(send revoked@t.test)
check "before the CRL is imported the revoked certificate still passes" '[ "$(queued)" = 3 ]' "$out"
$B/qsmime crl BOB "$T/crl.pem"
out=$(send revoked@t.test)
check "revoked recipient certificate: TCP5367, nothing queued" \
  'grep -q "TCP5367" <<<"$out" && grep -q "revoked@t.test" <<<"$out" && [ "$(queued)" = 3 ]' "$out"
out=$(send good@t.test)
check "good certificate passes the CRL check" '[ "$(queued)" = 4 ]' "$out"
out=$(send "good@t.test) (stranger@t.test *CC")
check "one untrusted recipient stops the whole note" 'grep -q TCP5366 <<<"$out" && [ "$(queued)" = 4 ]' "$out"

# the last queued message decrypts with the recipient's key (openssl cms)
f=$(grep -l "good@t.test" "$QSYS_ROOT"/mail/queue/msg/* | tail -1)
dec=$(openssl cms -decrypt -in "$f" -recip "$T/good.pem" -inkey "$T/good.key" 2>&1)
check "openssl cms decrypts what was encrypted for the CA-issued certificate" 'grep -q "for your eyes" <<<"$dec"' "$dec"
