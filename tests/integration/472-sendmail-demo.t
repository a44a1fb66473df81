#!/bin/bash
# The sending demo (tools/demo_sendmail.py) end to end: samples → APIs →
# MSF → Maildir → POP3 → openssl cms decrypt + verify.
echo "1..1"
out=$(python3 "$QSHIM_SRC/tools/demo_sendmail.py" 2>&1)
if [ $? -eq 0 ] && grep -q "Demo complete" <<<"$out"; then echo "ok 1 - sending demo"; else echo "not ok 1 - sending demo"; sed 's/^/# /' <<<"$out"; fi
