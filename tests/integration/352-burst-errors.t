#!/bin/bash
# BRSSPLF bad input, each with its message id and nothing queued: a zero-page
# spooled file, a key never found, a missing / bad mapping file, an exit
# program that cannot be loaded.  Then the other ways in: SPLIT(*PAGES) with
# a CSV map, an address exit in a shared object (samples/burstexit.c), and
# the C API (samples/burstinv.c compiled with pkg-config).
set -u
B=$QSHIM_BUILD/bin
S=${QSHIM_SRC:-.}
T=$(mktemp -d /tmp/qshim-bursterr.XXXXXX)
export QSYS_ROOT=$T/root
trap 'rm -rf "$T"' EXIT
n=0
check() { n=$((n+1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; [ -n "${3:-}" ] && sed 's/^/# /' <<<"$3"; fi; }
msgs() { ls "$QSYS_ROOT/mail/queue/msg" 2>/dev/null | wc -l; }
qcl() { QSHIM_USER=AR $B/qcl "$@" 2>&1; }
$B/qmailadm crtusrprf AR Secret123 >/dev/null
$B/qmailadm addusrsmtp AR ar here.test
python3 "$S/tests/integration/lib/mkinvoices.py" 4 --pages 1-1 > "$T/inv.fcfc"
read -r f num job <<<"$(QSHIM_USER=AR $B/qsplfput --ctlchar fcfc --file INVOICES "$T/inv.fcfc")"
: > "$T/empty"
read -r f0 num0 job0 <<<"$(QSHIM_USER=AR $B/qsplfput --ctlchar fcfc --file EMPTY "$T/empty")"
SP="FILE(INVOICES) JOB($job) SPLNBR($num)"

out=$(qcl "BRSSPLF FILE(EMPTY) JOB($job0) SPLNBR($num0) KEYPOS(2 11 8) MAILTO(*POS) ADDRPOS(3 8 40)")
check "zero-page spooled file: BRS0103" 'grep -q BRS0103 <<<"$out" && [ "$(msgs)" = 0 ]' "$out"
out=$(qcl "BRSSPLF $SP KEYPOS(60 1 8) MAILTO(*POS) ADDRPOS(3 8 40)")
check "key never found: BRS0101, nothing queued" 'grep -q BRS0101 <<<"$out" && [ "$(msgs)" = 0 ]' "$out"
out=$(qcl "BRSSPLF $SP SPLIT(*KEYSTR) KEYSTR('NO SUCH LABEL') MAILTO(*POS) ADDRPOS(3 8 40)")
check "key string never found: BRS0101" 'grep -q BRS0101 <<<"$out" && [ "$(msgs)" = 0 ]' "$out"
out=$(qcl "BRSSPLF $SP KEYPOS(2 11 8) MAILTO(*MAPFILE) MAPFILE('$T/missing.csv')")
check "missing mapping file: BRS0104, nothing queued" 'grep -q BRS0104 <<<"$out" && [ "$(msgs)" = 0 ]' "$out"
printf 'C0001,c1@x.test\nC0002,not-an-address\n' > "$T/bad.csv"
out=$(qcl "BRSSPLF $SP KEYPOS(2 11 8) MAILTO(*MAPFILE) MAPFILE('$T/bad.csv')")
check "bad mapping line: BRS0105 naming line 2" 'grep -q "BRS0105.*Line 2 " <<<"$out" && [ "$(msgs)" = 0 ]' "$out"
out=$(qcl "BRSSPLF $SP KEYPOS(2 11 8) MAILTO(*EXITPGM) EXITPGM('$T/nope.so:f')")
check "exit program not loadable: BRS0106" 'grep -q BRS0106 <<<"$out" && [ "$(msgs)" = 0 ]' "$out"
out=$(qcl "BRSSPLF $SP KEYPOS(2 11 8) MAILTO(*MAPFILE)")
check "MAILTO(*MAPFILE) without MAPFILE: CPD0072" 'grep -q CPD0072 <<<"$out"' "$out"
out=$(qcl "BRSSPLF FILE(NOSUCH) JOB($job) KEYPOS(2 11 8) MAILTO(*POS) ADDRPOS(3 8 40)")
check "spooled file not found: CPF3303" 'grep -q CPF3303 <<<"$out"' "$out"
python3 "$S/tests/integration/lib/mkinvoices.py" 2 --pages 1-1 --noaddr C0002 > "$T/two.fcfc"
read -r f2 num2 job2 <<<"$(QSHIM_USER=AR $B/qsplfput --ctlchar fcfc --file TWO "$T/two.fcfc")"
out=$(qcl "BRSSPLF FILE(TWO) JOB($job2) SPLNBR($num2) KEYPOS(2 11 8) MAILTO(*POS) ADDRPOS(3 8 40) ERROUTQ(QGPL/NOSUCHQ)")
check "a part without address and a missing ERROUTQ: CPF3357 before anything is mailed" 'grep -q CPF3357 <<<"$out" && [ "$(msgs)" = 0 ]' "$out"
out=$(qcl "BRSSPLF $SP KEYPOS(2 11 8) MAILTO(*POS) ADDRPOS(3 8 40) ERROUTQ(QGPL/NOSUCHQ)" )
check "mails go out even when the error queue is not needed" 'grep -q "4 mailed" <<<"$out" && [ "$(msgs)" = 4 ]' "$out"

# SPLIT(*PAGES) with a CSV map keyed by part number; one part unmapped
python3 "$S/tests/integration/lib/mkinvoices.py" 5 --pages 1-1 > "$T/five.fcfc"
read -r f5 num5 job5 <<<"$(QSHIM_USER=AR $B/qsplfput --ctlchar fcfc --file FIVE "$T/five.fcfc")"
printf '1,one@x.test\n2,two@x.test\n' > "$T/parts.csv"
$B/qcl "CRTOUTQ OUTQ(QGPL/AERR)" >/dev/null 2>&1
out=$(qcl "BRSSPLF FILE(FIVE) JOB($job5) SPLNBR($num5) SPLIT(*PAGES) PAGES(2) MAILTO(*MAPFILE) MAPFILE('$T/parts.csv') ERROUTQ(QGPL/AERR)")
check "SPLIT(*PAGES) PAGES(2): 3 parts, 2 mailed, part 3 to ERROUTQ(QGPL/AERR)" \
  'grep -q "3 parts, 2 mailed, 0 mailed earlier, 1 to the error queue" <<<"$out" && $B/qcl "WRKOUTQ AERR" | grep -Eq "^FIVE .* NOADDR +RDY +1 "' "$out"

# the address exit and the C API, compiled as a user would
export PKG_CONFIG_PATH=$QSHIM_BUILD/pkgconfig
cc -shared -fPIC -Wall -Werror -o "$T/burstexit.so" "$S/samples/burstexit.c" $(pkg-config --cflags qshim) 2>"$T/cc1"
read -r f6 num6 job6 <<<"$(QSHIM_USER=AR $B/qsplfput --ctlchar fcfc --file EXITRUN "$T/inv.fcfc")"
out=$(qcl "BRSSPLF FILE(EXITRUN) JOB($job6) SPLNBR($num6) KEYPOS(2 11 8) MAILTO(*EXITPGM) EXITPGM('$T/burstexit.so:addr_of') ENCRYPT(*YES)")
last=$(ls -t "$QSYS_ROOT"/mail/queue/msg | head -1)
check "MAILTO(*EXITPGM): a shared-object exit gives address and password" \
  'grep -q "4 parts, 4 mailed" <<<"$out" && grep -q "^To: c000[1-4]@qshim.test" "$QSYS_ROOT/mail/queue/msg/$last"' "$out $(cat "$T/cc1")"
cc -Wall -Werror -o "$T/burstinv" "$S/samples/burstinv.c" $(pkg-config --cflags --libs qshim) 2>"$T/cc2"
read -r f7 num7 job7 <<<"$(QSHIM_USER=AR $B/qsplfput --ctlchar fcfc --file CAPI "$T/inv.fcfc")"
IFS=/ read -r jn ju jj <<<"$job7"
out=$(QSHIM_USER=AR "$T/burstinv" CAPI "$jn" "$ju" "$jj" "$num7" 2>&1)
check "C API QshBurstSplf (samples/burstinv.c)" 'grep -q "4 parts: 4 mailed" <<<"$out"' "$out $(cat "$T/cc2")"
out=$(QSHIM_USER=AR "$T/burstinv" NOSUCH "$jn" "$ju" "$jj" 1 2>&1)
check "C API error through Qus_EC_t: CPF3303" 'grep -q "failed: CPF3303" <<<"$out"' "$out"
echo "1..$n"
