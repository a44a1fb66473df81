#!/bin/bash
# SNDSMTPEMM through qcl: recipients with *PRI/*CC/*BCC, attachment with a
# content type, the sender from the user's SMTP directory entry, errors.
set -u
B=$QSHIM_BUILD/bin
T=$(mktemp -d /tmp/qshim-sndsmtpemm.XXXXXX)
export QSYS_ROOT=$T/root
trap 'rm -rf "$T"' EXIT
n=0
check() { n=$((n+1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; [ -n "${3:-}" ] && sed 's/^/# /' <<<"$3"; fi; }
queued() { $B/qmailadm queue | sed -n 's/^queued \([0-9]*\).*/\1/p'; }
echo "1..6"
$B/qmailadm crtusrprf BOB Secret123 >/dev/null 2>&1
printf 'col1;col2\r\n1;2\r\n' > "$T/data.csv"
out=$(QSHIM_USER=BOB $B/qcl "SNDSMTPEMM RCP((a@x.test)) SUBJECT('x')" 2>&1)
check "no SMTP address for the user: TCP530F, nothing queued" 'grep -q TCP530F <<<"$out" && [ "$(queued)" = 0 ]' "$out"
$B/qmailadm addusrsmtp BOB bob here.test
out=$(QSHIM_USER=BOB $B/qcl "SNDSMTPEMM RCP((a@x.test) (b@y.test *CC) (c@z.test *BCC)) SUBJECT('Stock list') NOTE('See attachment.') ATTACH(($T/data.csv 'text/csv' *TXT))" 2>&1)
check "SNDSMTPEMM queues one message" '[ "$(queued)" = 1 ]' "$out"
msg=$(cat "$QSYS_ROOT"/mail/queue/msg/*)
env=$(cat "$QSYS_ROOT"/mail/queue/active/*)
check "sender is the user's SMTP address; To and Cc in headers, no Bcc" \
  'grep -q "^From: bob@here.test" <<<"$msg" && grep -q "^Cc: b@y.test" <<<"$msg" && ! grep -qi "c@z.test" <<<"$msg"' "$msg"
check "BCC recipient in the envelope with distribution type 2" 'grep -q "^rcpt 2 .* c@z.test$" <<<"$env"' "$env"
check "attachment typed text/csv with its file name" 'grep -q "Content-Type: text/csv" <<<"$msg" && grep -q "filename=\"data.csv\"" <<<"$msg"' "$msg"
out=$(QSHIM_USER=BOB $B/qcl "SNDSMTPEMM RCP((a@x.test)) SUBJECT(x) ATTACH(($T/missing.pdf *PDF))" 2>&1)
check "missing attachment: TCP5337, nothing more queued" 'grep -q TCP5337 <<<"$out" && [ "$(queued)" = 1 ]' "$out"
