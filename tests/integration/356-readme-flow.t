#!/bin/bash
# README's spool → PDF → mail examples (command line, CL, C) run as they are
# written there: this test takes the blocks marked <!-- readme-test: X -->
# out of README.md and runs each in a fresh directory and system root.  The
# mail is checked in the MSF queue (remote addresses: nothing leaves the
# machine); every PDF passes qpdf --check and gives its text back.
set -u
B=$QSHIM_BUILD/bin
S=${QSHIM_SRC:-.}
T=$(mktemp -d /tmp/qshim-readme.XXXXXX)
trap 'rm -rf "$T"' EXIT
export PATH=$B:$PATH PKG_CONFIG_PATH=$QSHIM_BUILD/pkgconfig
n=0
check() { n=$((n+1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; [ -n "${3:-}" ] && sed 's/^/# /' <<<"$3"; fi; }
block() {
    python3 - "$S/README.md" "$1" <<'PY'
import re, sys
m = re.search(r"<!-- readme-test: %s -->\n```[a-z]*\n(.*?)```" % sys.argv[2], open(sys.argv[1]).read(), re.S)
sys.stdout.write(m.group(1) if m else "")
PY
}
queued() { ls "$1/mail/queue/msg" 2>/dev/null | wc -l; }
pdf_ok() { qpdf --check "$1" >/dev/null 2>&1 && pdftotext -layout "$1" - 2>/dev/null | grep -q "$2"; }

# --- command line ------------------------------------------------------------
mkdir "$T/sh" && cd "$T/sh" || exit 1
block shell > flow.sh
python3 "$S/tests/integration/lib/mkinvoices.py" 3 --pages 1-1 > invoices.fcfc
out=$(env -u QSYS_ROOT -u QSHIM_USER bash -e flow.sh 2>&1); rc=$?
check "README command-line flow runs (exit 0)" '[ -s flow.sh ] && [ $rc = 0 ]' "$out"
check "  run.pdf is the whole run" 'pdf_ok run.pdf "CUSTOMER: C0003"'
check "  BRSSPLF: 2 mailed from the database file, C0003 to QBRSERR" \
  'grep -q "3 parts, 2 mailed, 0 mailed earlier, 1 to the error queue" <<<"$out" && grep -q "^INVOICES .*QBRSERR *NOADDR" <<<"$out"' "$out"
check "  3 mails handed to MSF and processed (remote: queued for SMTP)" \
  'grep -q "3 messages processed" <<<"$out" && [ $(ls qsys/mail/queue/remote/*.msg | wc -l) = 3 ] && grep -l "Dear Ann, your invoice" qsys/mail/queue/remote/*.msg >/dev/null' "$out"

# --- CL ----------------------------------------------------------------------
mkdir "$T/cl" && cd "$T/cl" || exit 1
export QSYS_ROOT=$T/cl/qsys
block cl > mailrun.clp
qmailadm crtusrprf AR Secret123 >/dev/null && qmailadm addusrsmtp AR ar example.com
python3 "$S/tests/integration/lib/mkinvoices.py" 3 --pages 1-2 > invoices.fcfc
read -r f num job <<<"$(QSHIM_USER=AR qsplfput --ctlchar fcfc --file INVOICES invoices.fcfc)"
IFS=/ read -r jn ju jj <<<"$job"
out=$(QSHIM_USER=AR qcl -f mailrun.clp "$jn" "$ju" "$jj" "$num" 2>&1); rc=$?
check "README CL program runs under qcl -f" '[ -s mailrun.clp ] && [ $rc = 0 ]' "$out"
check "  run.pdf, 1 + 3 mails queued, the spooled file deleted" \
  'pdf_ok run.pdf "CUSTOMER: C0002" && [ $(queued "$QSYS_ROOT") = 4 ] && ! qcl "WRKSPLF SELECT(*ALL)" | grep -q "^INVOICES"' "$out"
check "  a part per customer, Invoice-Cnnnn.pdf attached" \
  'grep -l "Invoice-C0003.pdf" "$QSYS_ROOT"/mail/queue/msg/* >/dev/null'

# --- C -----------------------------------------------------------------------
mkdir "$T/c" && cd "$T/c" || exit 1
export QSYS_ROOT=$T/c/qsys
block c > mailrun.c
qmailadm crtusrprf AR Secret123 >/dev/null && qmailadm addusrsmtp AR ar example.com
cc -Wall -Werror -o mailrun mailrun.c $(pkg-config --cflags --libs qshim) 2>cc.err
check "README C program compiles warning-free" '[ -s mailrun.c ] && [ -x mailrun ]' "$(cat cc.err)"
out=$(QSHIM_USER=AR ./mailrun 2>&1); rc=$?
check "  it prints, mails the PDF and bursts: 3 parts, 3 mailed" \
  '[ $rc = 0 ] && grep -q "3 parts, 3 mailed, 0 to the error queue" <<<"$out" && [ $(queued "$QSYS_ROOT") = 4 ]' "$out"
check "  run.pdf holds the printed text" 'pdf_ok run.pdf "CUSTOMER: C0002"'
echo "1..$n"
