#!/bin/bash
# tools/demo_burst.py runs end to end (spool → PDF → BRSSPLF → MSF → POP3),
# with the second report sent by LPR (rlpr in a private network namespace,
# or the Python RFC 1179 client where there is none), mailed as a PDF with
# SNDSMTPEMM and burst as well.
set -u
echo "1..1"
out=$(cd "${QSHIM_SRC:-.}" && timeout 300 python3 tools/demo_burst.py 2>&1)
if [ $? = 0 ] && grep -q "Demo complete" <<<"$out" && grep -q "attachment: Invoice-C0003.pdf (application/pdf" <<<"$out" &&
   grep -Eq "rlpr: info: 1 file spooled to INVOICES|RFC 1179 client in Python" <<<"$out" &&
   grep -q "BOSS: 1 message" <<<"$out" && grep -q "second mail: Your credit note C0003, attachment Credit-C0003.pdf" <<<"$out"; then
  echo "ok 1 - demo_burst.py"
else
  echo "not ok 1 - demo_burst.py"; sed 's/^/# /' <<<"$out" | tail -30
fi
