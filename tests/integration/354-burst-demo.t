#!/bin/bash
# tools/demo_burst.py runs end to end (spool → PDF → BRSSPLF → MSF → POP3).
set -u
echo "1..1"
out=$(cd "${QSHIM_SRC:-.}" && timeout 300 python3 tools/demo_burst.py 2>&1)
if [ $? = 0 ] && grep -q "Demo complete" <<<"$out" && grep -q "attachment: Invoice-C0003.pdf (application/pdf" <<<"$out"; then
  echo "ok 1 - demo_burst.py"
else
  echo "not ok 1 - demo_burst.py"; sed 's/^/# /' <<<"$out" | tail -30
fi
