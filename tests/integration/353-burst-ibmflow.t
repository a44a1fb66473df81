#!/bin/bash
# The IBM flow, unchanged: samples/invmail.clp (CPYSPLF ... WSCST(*PDF),
# SNDSMTPEMM ... ATTACH((... *PDF *BIN)), DLTSPLF) under qcl -f.  The mail
# reaches Bob's Maildir through one MSF pass; Python `email` takes the PDF
# out, qpdf --check passes and pdftotext gives back the spooled text.
# (Each qshim process is its own job, so the test points JOB(*) at the job
# that spooled the report; the paths and the recipient are the test's.)
set -u
B=$QSHIM_BUILD/bin
S=${QSHIM_SRC:-.}
T=$(mktemp -d /tmp/qshim-ibmflow.XXXXXX)
export QSYS_ROOT=$T/root
trap 'rm -rf "$T"' EXIT
n=0
check() { n=$((n+1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; [ -n "${3:-}" ] && sed 's/^/# /' <<<"$3"; fi; }
$B/qmailadm chgsmtpa HOSTNAME qshim.test >/dev/null
for u in AR BOB; do
  $B/qmailadm crtusrprf $u Secret123 >/dev/null
  $B/qmailadm addusrsmtp $u "$(tr A-Z a-z <<<$u)" qshim.test
done
python3 "$S/tests/integration/lib/mkinvoices.py" 1 --seed 11 --pages 2-2 > "$T/inv.fcfc"
read -r f num job <<<"$(QSHIM_USER=AR $B/qsplfput --ctlchar fcfc "$T/inv.fcfc")"
sed -e "s|/tmp/invoice.pdf|$T/invoice.pdf|g" -e "s|cust@example.com|bob@qshim.test|" \
    -e "s|JOB(\*)|JOB($job)|g" "$S/samples/invmail.clp" > "$T/invmail.clp"
out=$(QSHIM_USER=AR $B/qcl -f "$T/invmail.clp" 2>&1); rc=$?
check "samples/invmail.clp runs under qcl -f" '[ $rc = 0 ] && [ -s "$T/invoice.pdf" ]' "$out"
check "DLTSPLF removed the spooled file" '! $B/qcl "WRKSPLF SELECT(*ALL)" | grep -q "^QSYSPRT"'
$B/qmailadm strmsf --once >/dev/null 2>&1
box=$(ls "$QSYS_ROOT"/mail/box/BOB/Maildir/new/* 2>/dev/null | head -1)
check "the mail is in Bob's Maildir" '[ -n "$box" ]'
py=$(python3 - "$box" "$T/got.pdf" <<'PY'
import email, email.policy, sys
m = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
a = list(m.iter_attachments())
print(m["subject"], "|", m["from"], "|", a[0].get_content_type(), a[0].get_filename())
open(sys.argv[2], "wb").write(a[0].get_content())
PY
)
check "subject, sender and an application/pdf attachment named invoice.pdf" \
  'grep -q "^Your invoice | ar@qshim.test | application/pdf invoice.pdf$" <<<"$py"' "$py"
check "the attached PDF passes qpdf --check" 'qpdf --check "$T/got.pdf" >/dev/null 2>&1'
squeeze() { sed -e 's/^.//' | tr -d '\f' | sed -e 's/[[:space:]]\+/ /g' -e 's/^ //' -e 's/ $//' | grep -v '^$'; }
check "pdftotext gives back the spooled text" \
  'diff <(squeeze < "$T/inv.fcfc") <(pdftotext -layout "$T/got.pdf" - | sed "s/^/ /" | squeeze)' \
  "$(diff <(squeeze < "$T/inv.fcfc") <(pdftotext -layout "$T/got.pdf" - | sed 's/^/ /' | squeeze) | head)"
echo "1..$n"
