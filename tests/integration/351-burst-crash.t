#!/bin/bash
# BRSSPLF after kill -9: a burst of 400 one-page invoices is killed twice
# mid-run, then rerun to the end; MSF must then hold exactly one mail per
# customer (nothing twice, nothing missing).  Then the log's two crash
# windows are replayed by hand: a part recorded "sealed" whose message is in
# the queue is not sent again; a part recorded only "pdf" is sent; a whole
# batch recorded "sealed" whose drafts never reached the queue is sent once.
set -u
B=$QSHIM_BUILD/bin
S=${QSHIM_SRC:-.}
T=$(mktemp -d /tmp/qshim-burstcrash.XXXXXX)
export QSYS_ROOT=$T/root
pid=
trap '[ -n "$pid" ] && kill -9 $pid 2>/dev/null; rm -rf "$T"' EXIT
n=0
check() { n=$((n+1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; [ -n "${3:-}" ] && sed 's/^/# /' <<<"$3"; fi; }
N=400
$B/qmailadm crtusrprf AR Secret123 >/dev/null
$B/qmailadm addusrsmtp AR ar here.test
python3 "$S/tests/integration/lib/mkinvoices.py" $N --pages 1-1 --domain cust.test > "$T/inv.fcfc"
read -r f num job <<<"$(QSHIM_USER=AR $B/qsplfput --ctlchar fcfc --file INVOICES "$T/inv.fcfc")"
CMD="BRSSPLF FILE(INVOICES) JOB($job) SPLNBR($num) SPLIT(*KEYPOS) KEYPOS(2 11 8) MAILTO(*POS) ADDRPOS(3 8 40) SUBJECT('Invoice &KEY')"
LOGDIR=$QSYS_ROOT/burst/${job//\//-}.INVOICES.$(printf %06d "$num")
LOG=
logfind() { [ -n "$LOG" ] || LOG=$(ls "$LOGDIR"/*/log 2>/dev/null | head -1); }
queued() { local q; logfind; q=$(grep -c '^queued ' "$LOG" 2>/dev/null); echo "${q:-0}"; }
msgs() { ls "$QSYS_ROOT/mail/queue/msg" 2>/dev/null | wc -l; }

# kill -9 once some parts are queued, twice
killed=0
for at in 30 150; do
  QSHIM_USER=AR $B/qcl "$CMD" >"$T/out.$at" 2>&1 &
  pid=$!
  for _ in $(seq 1 3000); do
    [ "$(queued)" -ge $at ] && break
    kill -0 $pid 2>/dev/null || break
    sleep 0.01
  done
  if kill -9 $pid 2>/dev/null; then killed=$((killed+1)); fi
  wait $pid 2>/dev/null
  pid=
done
logfind
q1=$(queued)
check "two runs killed with SIGKILL mid-run ($q1 of $N parts queued by then)" '[ $killed = 2 ] && [ $q1 -lt $N ]' "$(cat "$T"/out.*)"
out=$(QSHIM_USER=AR $B/qcl "$CMD" 2>&1)
check "the rerun finishes the burst" 'grep -q "BRS0110" <<<"$out" && grep -q "^done$" "$LOG"' "$out"
check "MSF holds exactly $N messages" '[ "$(msgs)" = $N ]' "msgs=$(msgs)"
rc=$(cat "$QSYS_ROOT"/mail/queue/msg/* | grep -a '^To: ' | sort | uniq -c | awk '$1 != 1' | wc -l)
uniq=$(cat "$QSYS_ROOT"/mail/queue/msg/* | grep -a '^To: ' | sort -u | wc -l)
check "every customer exactly once ($uniq distinct recipients, $rc repeated)" '[ $rc = 0 ] && [ $uniq = $N ]'
out=$(QSHIM_USER=AR $B/qcl "$CMD" 2>&1)
check "another rerun mails nothing" 'grep -q "0 mailed, $N mailed earlier" <<<"$out" && [ "$(msgs)" = $N ]' "$out"

# replay the crash windows on the finished log
id5=$(awk '$1 == "queued" && $2 == 5 {print $3}' "$LOG")
grep -v -e '^done$' -e "^queued 5 " -e '^queued 6 ' -e '^sealed 6 ' "$LOG" > "$T/log" && cat "$T/log" > "$LOG"
out=$(QSHIM_USER=AR $B/qcl "$CMD" 2>&1)
check "sealed part whose message is queued: not sent again; pdf-only part: sent again" \
  'grep -q "1 mailed, $((N-1)) mailed earlier" <<<"$out" && [ "$(msgs)" = $((N+1)) ] && grep -q "^queued 5 $id5$" "$LOG"' "$out"
# the batch window: "sealed" records of a whole batch are durable, the run
# died before the drafts were sealed into the queue (MSF recovery removes
# such drafts): every part of that batch is mailed again, once
ids=$(awk '$1 == "queued" && $2 >= 40 && $2 < 72 {print $3}' "$LOG")
for id in $ids; do find "$QSYS_ROOT/mail/queue" -name "$id*" -delete; done
grep -v -e '^done$' -E -e '^queued (4[0-9]|5[0-9]|6[0-9]|7[01]) ' "$LOG" > "$T/log" && cat "$T/log" > "$LOG"
before=$(msgs)
out=$(QSHIM_USER=AR $B/qcl "$CMD" 2>&1)
check "a batch sealed in the log but not in MSF: its 32 parts mailed again, once each"   '[ "$(wc -w <<<"$ids")" = 32 ] && grep -q "32 mailed, $((N-32)) mailed earlier" <<<"$out" && [ "$(msgs)" = $((before+32)) ] && [ $(cat "$QSYS_ROOT"/mail/queue/msg/* | grep -a "^To: " | sort | uniq -d | wc -l) = 1 ]' "$out"
# the same parameters but another plan (the log's header edited as if the
# spooled data had changed): the old log is refused
sed -i '1s/^qshim-burst 1 [0-9a-f]*/qshim-burst 1 0000000000000000/' "$LOG"
out=$(QSHIM_USER=AR $B/qcl "$CMD" 2>&1)
check "a plan that differs from the run log's: BRS0107, nothing mailed" 'grep -q BRS0107 <<<"$out" && [ "$(msgs)" = $((N+1)) ]' "$out"
echo "1..$n"
