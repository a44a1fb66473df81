#!/bin/bash
# QtmmSendMail and QtmsCreateSendEmail from C programs written as IBM i
# programs are (samples/), compiled with pkg-config, then the queued mail
# delivered by the outbound client to Postfix's smtp-sink and checked with
# Python's email package and `openssl cms` (S/MIME).  The smtp-sink port is
# picked free at run time.
set -u
B=$QSHIM_BUILD/bin
T=$(mktemp -d /tmp/qshim-sndm.XXXXXX)
export QSYS_ROOT=$T/root
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$T"; }
trap cleanup EXIT
n=0
ok() { n=$((n+1)); echo "ok $n - $1"; }
nok() { n=$((n+1)); echo "not ok $n - $1"; [ -n "${2:-}" ] && sed 's/^/# /' <<<"$2"; }
check() { if eval "$2"; then ok "$1"; else nok "$1" "${3:-}"; fi; }
queued() { $B/qmailadm queue | sed -n 's/^queued \([0-9]*\).*/\1/p'; }
echo "1..22"

PC="$(PKG_CONFIG_PATH=$QSHIM_BUILD/pkgconfig pkg-config --cflags --libs qshim)"
out=$(cc -Wall -Werror -o "$T/sendmime" "$QSHIM_SRC/samples/sendmime.c" $PC 2>&1 && \
      cc -Wall -Werror -o "$T/crtsndemail" "$QSHIM_SRC/samples/crtsndemail.c" $PC 2>&1 && \
      cc -Wall -Werror -o "$T/errs" "$QSHIM_SRC/tests/integration/lib/sendmail_errors.c" $PC 2>&1)
check "IBM-style samples compile unchanged with cc -Wall -Werror and pkg-config" '[ $? -eq 0 ]' "$out"

# --- QtmmSendMail -----------------------------------------------------------
out=$("$T/sendmime" "$T/note.txt" acct@here.test to@sink.test cc@sink.test bcc@sink.test 2>&1)
check "sendmime: QtmmSendMail queues the note" '[ "$(queued)" = 1 ]' "$out"
check "the MIME file is unlinked after processing" '[ ! -e "$T/note.txt" ]'
printf 'From: a@here.test\r\nSubject: x\r\n\r\nbody\r\n' > "$T/good.txt"
printf 'From: a@here.test\nSubject: x\n\nbody\n' > "$T/lf.txt"
printf 'From: a@here.test\r\nSubject: caf\xc3\xa9\r\n\r\nbody\r\n' > "$T/nonascii.txt"
bad=""
while read -r case file want; do
  got=$("$T/errs" "$case" "$file" 2>&1)
  [ "$got" = "$want" ] || bad="$bad $case:$got(want $want)"
done <<CASES
file relative/path.txt TCP5330
file $T/missing.txt TCP5331
file $T/lf.txt TCP5341
file $T/nonascii.txt TCP5342
count0 $T/good.txt TCP5332
addrlong $T/good.txt TCP5333
addrneg $T/good.txt TCP5333
nextneg $T/good.txt TCP5333
nextshort $T/good.txt TCP5333
badfmt $T/good.txt TCP5333
badtype $T/good.txt TCP5333
badaddr $T/good.txt TCP5346
orig0 $T/good.txt TCP5334
origlong $T/good.txt TCP5334
fnlong $T/good.txt CPF3C1D
CASES
check "each bad input gets its own error id" '[ -z "$bad" ]' "$bad"
check "nothing queued and no file removed on errors" '[ "$(queued)" = 1 ] && [ -e "$T/good.txt" ] && [ -e "$T/lf.txt" ]'
out=$("$T/errs" escape "$T/lf.txt" 2>&1); rc=$?
check "Bytes_Provided 0: the error is an escape message (TCP5341) ending the program" '[ $rc -ne 0 ] && grep -q TCP5341 <<<"$out"' "$out"
out=$("$T/errs" ec5 "$T/good.txt" 2>&1)
check "Bytes_Provided 5: CPF3CF1" 'grep -q CPF3CF1 <<<"$out"' "$out"
out=$("$T/errs" ok "$T/good.txt" 2>&1)
check "a minimal valid file is accepted (ADDR0100 and ADDT0100 entries)" '[ "$out" = OK ] && [ ! -e "$T/good.txt" ] && [ "$(queued)" = 2 ]' "$out"

out=$("$T/errs" ebcdic-write "$T/ebc.txt" 2>&1)
check "fopen(\"w,ccsid=37,crln=Y\") writes EBCDIC with CRLF (F=0xC6, CR LF=0x0D 0x25)" \
  '[ "$out" = OK ] && [ "$(head -c 1 "$T/ebc.txt" | od -An -tx1 | tr -d " ")" = c6 ] && od -An -tx1 "$T/ebc.txt" | tr -d "\n" | grep -q "0d 25"' "$out $(od -An -tx1 "$T/ebc.txt" | head -2)"
out=$("$T/errs" ok "$T/ebc.txt" 2>&1)
check "QtmmSendMail converts the EBCDIC-tagged file and queues it" '[ "$out" = OK ] && grep -rq "^Subject: EBCDIC note" "$QSYS_ROOT/mail/queue/msg/" && [ "$(queued)" = 3 ]' "$out"

# --- QtmsCreateSendEmail ----------------------------------------------------
for c in crt-interleaved:TCP5308 crt-ccsid:TCP5308 crt-fmt:CPF3C21; do
  got=$("$T/errs" "${c%%:*}" x 2>&1)
  check "QtmsCreateSendEmail ${c%%:*} -> ${c#*:}" '[ "$got" = "${c#*:}" ]' "$got"
done
head -c 20000 /dev/urandom > "$T/Rechnung.pdf"
$B/qmailadm crtusrprf ALICE Secret123 >/dev/null 2>&1
out=$(QSHIM_USER=ALICE "$T/crtsndemail" bob@sink.test carol@sink.test "$T/Rechnung.pdf" 2>&1)
check "user without SMTP address: TCP530F" 'grep -q TCP530F <<<"$out"' "$out"
$B/qmailadm addusrsmtp ALICE alice here.test >/dev/null
out=$(QSHIM_USER=ALICE "$T/crtsndemail" bob@sink.test carol@sink.test "$T/missing.pdf" 2>&1)
check "unreadable attachment: TCP5337, nothing queued" 'grep -q TCP5337 <<<"$out" && [ "$(queued)" = 3 ]' "$out"
out=$(QSHIM_USER=ALICE "$T/crtsndemail" bob@sink.test carol@sink.test "$T/Rechnung.pdf" 2>&1)
check "note with a PDF attachment queued" '[ "$(queued)" = 4 ]' "$out"

# S/MIME: CA, alice (sender, PKCS#12), bob (recipient, EC), carol (RSA)
(cd "$T" && {
  openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj /CN=TestCA
  printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment,keyAgreement\nextendedKeyUsage=emailProtection\nsubjectAltName=email:copy\n' > leaf.ext
  openssl ecparam -name prime256v1 -out ec.param
  for who in alice:rsa:2048 bob:ec:ec.param carol:rsa:2048; do
    u=${who%%:*}; k=${who#*:}
    openssl req -new -newkey $k -nodes -keyout $u.key -out $u.csr -subj "/CN=$u/emailAddress=$u@x.test"
    openssl x509 -req -in $u.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile leaf.ext -out $u.pem
  done
  openssl pkcs12 -export -inkey alice.key -in alice.pem -certfile ca.pem -passout pass:p12pass -out alice.p12
} >/dev/null 2>&1)
echo p12pass | $B/qsmime own ALICE alice@here.test "$T/alice.p12" && \
  $B/qsmime cert ALICE bob@sink.test "$T/bob.pem" && $B/qsmime cert ALICE carol@sink.test "$T/carol.pem"
out=$(QSHIM_USER=ALICE "$T/crtsndemail" bob@sink.test carol@sink.test "$T/Rechnung.pdf" 3 wrongpass 2>&1)
check "S/MIME with a wrong password: TCP5362" 'grep -q TCP5362 <<<"$out"' "$out"
out=$(QSHIM_USER=ALICE "$T/crtsndemail" bob@sink.test carol@sink.test "$T/Rechnung.pdf" 3 p12pass 2>&1)
check "S/MIME signed and encrypted note queued" '[ "$(queued)" = 5 ]' "$out"

# --- deliver everything to smtp-sink ---------------------------------------
mkdir -p "$T/sink" && chmod 777 "$T/sink"
SU=$(id -un); [ "$(id -u)" = 0 ] && SU=nobody
P_SINK=$(python3 "$QSHIM_SRC/tests/integration/lib/freeport.py")
/usr/sbin/smtp-sink -u $SU -R "$T/sink" -d "m-%H%M%S." 127.0.0.1:$P_SINK 20 & PIDS+=($!)
for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$P_SINK) 2>/dev/null && break; sleep 0.1; done
mkdir -p "$QSYS_ROOT/mail"
printf 'ROUTE * 127.0.0.1:%s\nTIMEOUT 10\n' $P_SINK > "$QSYS_ROOT/mail/smtpc.conf"
$B/qmailadm strmsf --once >/dev/null 2>&1
out=$($B/qsmtpc -q 2>&1)
sleep 0.5
check "outbound client delivered the queued mail to smtp-sink" '[ "$(ls "$T"/sink/m-* 2>/dev/null | wc -l)" -ge 5 ]' "$out $(ls "$T/sink")"
f=$(grep -l "Month-end report" "$T"/sink/m-* 2>/dev/null | head -1)
check "QtmmSendMail mail: all three envelope recipients, no Bcc header, dot line intact" \
  '[ -n "$f" ] && grep -q "X-Rcpt-Args: <bcc@sink.test>" "$f" && ! grep -qi "^Bcc:" "$f" && grep -q "^\.\r\?$" "$f"' "$(cat "$f" 2>/dev/null)"
f=$(grep -l "application/pdf" "$T"/sink/m-* 2>/dev/null | head -1)
/usr/bin/python3 - "$f" "$T/Rechnung.pdf" > "$T/py.out" 2>&1 <<'PY'
import sys, email, email.policy
raw = open(sys.argv[1], 'rb').read()
raw = raw[raw.index(b'\nReceived:'):].split(b'\n', 1)[1]     # drop smtp-sink's X- lines
while raw[:1] in (b'\t', b' '): raw = raw.split(b'\n', 1)[1]
m = email.message_from_bytes(raw, policy=email.policy.default)
assert str(m['subject']) == 'Invoice 2026-11 \u2014 M\u00fcller GmbH', m['subject']
assert m['from'].addresses[0].addr_spec == 'alice@here.test'
att = list(m.iter_attachments())
assert att[0].get_filename() == 'Rechnung.pdf' and att[0].get_content_type() == 'application/pdf'
assert att[0].get_content() == open(sys.argv[2], 'rb').read()
PY
check "QtmsCreateSendEmail mail parses with Python email: subject, originator, PDF byte-identical" '[ $? -eq 0 ]' "$(cat "$T/py.out")"
f=$(grep -l "smime.p7m" "$T"/sink/m-* 2>/dev/null | head -1)
if [ -n "$f" ]; then sed -n '/^From: /,$p' "$f" > "$T/smime.eml"; fi
out=$(cd "$T" && openssl cms -decrypt -in smime.eml -recip bob.pem -inkey bob.key -out dec.eml 2>&1 && \
      openssl cms -verify -in dec.eml -CAfile ca.pem -out content.eml 2>&1 && grep -q "application/pdf" content.eml && echo good)
check "S/MIME: openssl cms decrypts (EC recipient) and verifies the signature" 'grep -q good <<<"$out"' "$out"
