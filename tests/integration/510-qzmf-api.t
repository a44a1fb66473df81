#!/bin/bash
# The QZMF message APIs from samples/zmfmsg.c, compiled with pkg-config:
# reserve → QzmfCrtMailMsg → QzmfCrtCmpMailMsg → QzmfQryMailMsgId as a
# program; QzmfRtvMailMsg + QzmfChgMailMsg (add a blind copy) as an exit
# program at ADR_RSL; QzmfRtvMailMsg outside an exit program is refused.
set -u
B=$QSHIM_BUILD/bin; S=$QSHIM_SRC
T=$(mktemp -d /tmp/qshim-qzmfapi.XXXXXX)
export QSYS_ROOT=$T/root QSHIM_QCL=$B/qcl
trap 'rm -rf "$T"' EXIT
n=0
check() { n=$((n+1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; [ -n "${3:-}" ] && sed 's/^/# /' <<<"$3"; fi; }
echo "1..8"

PC=$(PKG_CONFIG_PATH=$B/../pkgconfig pkg-config --cflags --libs qshim)
cc -Wall -Werror -o "$T/zmfmsg" "$S/samples/zmfmsg.c" $PC 2>"$T/cc.err" &&
cc -Wall -Werror -shared -fPIC -o "$T/zmfmsg.so" "$S/samples/zmfmsg.c" $PC 2>>"$T/cc.err"
check "samples/zmfmsg.c compiles as a program and as an exit program (pkg-config)" \
  '[ -x "$T/zmfmsg" ] && [ -s "$T/zmfmsg.so" ]' "$(cat "$T/cc.err")"

"$B/qmailadm" chgsmtpa HOSTNAME qshim.test >/dev/null
for u in ANA BOB AUDIT; do
  "$B/qmailadm" crtusrprf $u Secret123 >/dev/null 2>&1
  "$B/qmailadm" addusrsmtp $u "$(echo $u | tr A-Z a-z)" qshim.test >/dev/null
done
"$B/qcl" "ADDEXITPGM EXITPNT(QIBM_QZMFMSF_ADR_RSL) FORMAT(MSFF0100) PGMNBR(*LOW) PGM(QGPL/AUDIT) PGMPATH('$T/zmfmsg.so')" >/dev/null 2>&1

out=$("$T/zmfmsg" bob@qshim.test 2>&1)
id=$(sed -n 's/^created \([0-9A-Z]\{32\}\) status 2$/\1/p' <<<"$out")
check "reserved id creates the message: QzmfQryMailMsgId says 2 (reserved, created, in MSF)" '[ -n "$id" ]' "$out"
check "after QzmfCrtCmpMailMsg the id is no longer reserved: status 1 (created, in MSF)" \
  'grep -q "^completed $id status 1$" <<<"$out"' "$out"

out=$("$T/zmfmsg" -r "$id" 2>&1); rc=$?
check "QzmfRtvMailMsg outside an exit program: CPFAF83" \
  '[ $rc = 2 ] && grep -q "QzmfRtvMailMsg: CPFAF83" <<<"$out"' "$out"

run=$("$B/qmailadm" strmsf --once 2>&1)
check "inside the exit program QzmfRtvMailMsg lists the recipient (Unique_Id 1, status 0)" \
  'grep -q "^AUDIT: recipient 1 bob@qshim.test status 0$" <<<"$run"' "$run"
check "QzmfChgMailMsg added a blind copy: bob and the audit mailbox both got the message" \
  'grep -q "blind copy to audit@qshim.test added" <<<"$run" &&
   grep -q "made from QZMF descriptors" "$QSYS_ROOT"/mail/box/BOB/Maildir/new/* &&
   grep -q "made from QZMF descriptors" "$QSYS_ROOT"/mail/box/AUDIT/Maildir/new/* &&
   ! grep -qi "audit@" "$QSYS_ROOT"/mail/box/BOB/Maildir/new/*' "$run$(ls -R "$QSYS_ROOT/mail/box")"
out=$("$T/zmfmsg" -r "$id" 2>&1)
q=$(cd "$T" && cat > q.c <<C
#include <stdio.h>
#include <qusec.h>
#include <qzmf.h>
int main(int c, char **v) { Qus_EC_t e = { sizeof e }; char st = '?'; QzmfQryMailMsgId(v[1], "QRYF0100", &st, &e); printf("%c\n", st); return 0; }
C
cc -Wall -Werror -o q q.c $PC && ./q "$id")
check "processed and completed: QzmfQryMailMsgId says 0 (no longer known)" '[ "$q" = 0 ]' "$q"

# adding recipients is list expansion: refused after address resolution
"$B/qcl" "RMVEXITPGM EXITPNT(QIBM_QZMFMSF_ADR_RSL) FORMAT(MSFF0100) PGMNBR(1)" >/dev/null 2>&1
"$B/qcl" "ADDEXITPGM EXITPNT(QIBM_QZMFMSF_SEC_AUT) FORMAT(MSFF0100) PGMNBR(*LOW) PGM(QGPL/AUDIT) PGMPATH('$T/zmfmsg.so')" >/dev/null 2>&1
"$T/zmfmsg" bob@qshim.test >/dev/null 2>&1
run=$("$B/qmailadm" strmsf --once 2>&1)
check "QzmfChgMailMsg adding a recipient at SEC_AUT: CPFAF8A, the message goes on to bob only" \
  'grep -q "QzmfChgMailMsg: CPFAF8A" <<<"$run" && [ "$(ls "$QSYS_ROOT"/mail/box/BOB/Maildir/new | wc -l)" = 2 ] &&
   [ "$(ls "$QSYS_ROOT"/mail/box/AUDIT/Maildir/new | wc -l)" = 1 ]' "$run"
