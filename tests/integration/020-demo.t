#!/bin/bash
# make demo's main job, run on a throwaway root: demo 1 (profile, data area
# from CL with MONMSG, job log) twice (the rerun must take the MONMSG path
# for the existing profile and count on), then demo 2 (SMTP/POP/MSF driven by
# CL with swaks and poplib, QZMF journal).
set -u
T=$(mktemp -d /tmp/qshim-demo.XXXXXX)
export QSYS_ROOT=$T/root QSHIM_BUILD=${QSHIM_BUILD:?}
cleanup() {
  for n in qsmtpd qpop3d qmsf; do
    [ -f "$QSYS_ROOT/run/$n.pid" ] && kill -9 "$(cat "$QSYS_ROOT/run/$n.pid")" 2>/dev/null
  done
  rm -rf "$T"
}
trap cleanup EXIT
cd "${QSHIM_SRC:?}" || exit 1
n=0
check() { n=$((n+1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; sed 's/^/# /' <<<"${3:-}" | tail -n 30; fi; }
echo "1..6"
out=$(bash tools/demo_1_system.sh 2>&1); rc=$?
check "demo 1 runs" '[ $rc -eq 0 ]' "$out"
check "first run: profile created, counter starts at 1, job log printed" \
  'grep -q "CPC2213\|created" <<<"$out" && grep -q "demo run number 00001" <<<"$out" && grep -q "Display Job Log" <<<"$out"' "$out"
out=$(bash tools/demo_1_system.sh 2>&1); rc=$?
check "rerun: MONMSG takes CPF2214 for the existing profile, counter 2" \
  '[ $rc -eq 0 ] && grep -q "CPF2214" <<<"$out" && grep -q "exists already: kept" <<<"$out" && grep -q "demo run number 00002" <<<"$out"' "$out"
out=$(bash tools/demo_2_mail.sh 2>&1); rc=$?
check "demo 2 runs" '[ $rc -eq 0 ]' "$out"
check "swaks authenticated under STARTTLS and the message was queued" \
  'grep -q "235 2.7.0" <<<"$out" && grep -q "250 2.0.0 Ok: queued" <<<"$out"' "$out"
check "poplib fetched it and DSPJRN shows receive (91) and delivery (82)" \
  'grep -q "Subject: qshim demo" <<<"$out" && grep -q " L    91 " <<<"$out" && grep -q " L    82 " <<<"$out"' "$out"
