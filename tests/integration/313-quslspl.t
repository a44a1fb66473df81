#!/bin/bash
# QUSLSPL into a user space, walked through the generic header with QUSRTVUS
# by an IBM-style C program (samples/lstsplf.c) compiled with pkg-config:
# SPLF0100 (looked up again by internal ids with QUSRSPLA *INT), SPLF0200
# keyed entries, SPLF0300; filters by user, queue, form type and user data;
# a file left open by QSPCRTSP listed as *OPN (also by WRKSPLF); a space too
# small gives a partial list; QUSRSPLA SPLA0200 at IBM's offsets.
set -u
B=${QSHIM_BUILD:?}; S=${QSHIM_SRC:?}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export QSYS_ROOT=$T/root
n=0; fail=0
ok() { n=$((n+1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi; }
echo "1..17"
PC() { PKG_CONFIG_PATH=$B/pkgconfig pkg-config --cflags --libs qshim; }

cc -Wall -Werror -o "$T/lstsplf" "$S/samples/lstsplf.c" $(PC) 2>"$T/cc.err"
ok $? "lstsplf compiles with -Wall -Werror via pkg-config"; sed 's/^/# /' "$T/cc.err"

seq 1 100 > "$T/d.txt"
"$B/bin/qsplfput" --file INV --usrdta CUST1 "$T/d.txt" >/dev/null &&
"$B/bin/qsplfput" --file INV --usrdta CUST2 --hold "$T/d.txt" >/dev/null &&
"$B/bin/qcl" 'CRTOUTQ OUTQ(QGPL/OTHER)' &&
read -r _ _ rptjob <<< "$("$B/bin/qsplfput" --file RPT --outq QGPL/OTHER "$T/d.txt")" &&
"$B/bin/qcl" "CHGSPLFA FILE(RPT) JOB($rptjob) SPLNBR(*LAST) FORMTYPE(INVOICE)"
ok $? "three spooled files on two queues"

"$T/lstsplf" SPLF0300 '*ALL' '*ALL' '*ALL' '*ALL' 65536 OPENONE > "$T/all" 2>&1
ok $? "SPLF0300, all files, one left open"; sed 's/^/# /' "$T/all"
grep -q '^INV  *1 RDY pages 2 usrdta CUST1 .*outq QGPL */QPRINT' "$T/all" &&
grep -q '^INV  *1 HLD pages 2 usrdta CUST2' "$T/all" &&
grep -q '^RPT  *1 RDY pages 2 .*outq QGPL */OTHER' "$T/all"
ok $? "SPLF0300 entries: name, number, status code, pages, user data, queue"
grep -q '^OPENONE  *1 OPN pages 0' "$T/all"; ok $? "the file still being written is *OPN (status 2)"
grep -q '^status C entries 4$' "$T/all"; ok $? "generic header: complete, 4 entries"

"$T/lstsplf" SPLF0300 '*ALL' '*ALL' '*ALL' CUST2 > "$T/u2" 2>&1
[ "$(grep -c '^INV' "$T/u2")" = 1 ] && grep -q 'CUST2' "$T/u2"; ok $? "filter by user data"
"$T/lstsplf" SPLF0300 '*CURRENT' OTHER '*ALL' '*ALL' > "$T/q" 2>&1
grep -q '^RPT' "$T/q" && grep -q 'entries 1$' "$T/q"; ok $? "filter by output queue"
"$T/lstsplf" SPLF0300 '*ALL' '*ALL' '*STD' '*ALL' > "$T/std" 2>&1
"$T/lstsplf" SPLF0300 NOBODY '*ALL' '*ALL' '*ALL' > "$T/nob" 2>&1
[ "$(grep -c '^RPT' "$T/std")" = 0 ] && grep -q 'entries 3$' "$T/std" && grep -q 'entries 0$' "$T/nob"; ok $? "filter by form type (*STD) and user"; sed 's/^/# /' "$T/std"

"$T/lstsplf" SPLF0200 '*CURRENT' QPRINT '*ALL' CUST2 > "$T/k" 2>&1
grep -Eq '^201=INV +205=1 210=\*HLD +211=2 216=[01][0-9]{6}$' "$T/k"; ok $? "SPLF0200 keyed entries"; sed 's/^/# /' "$T/k"

"$T/lstsplf" SPLF0100 '*ALL' OTHER '*ALL' '*ALL' > "$T/i" 2>&1
grep -q '^RPT  *1 usrdta  *outq OTHER  *formtype INVOICE' "$T/i"; ok $? "SPLF0100, then QUSRSPLA and QSPOPNSP by internal ids"; sed 's/^/# /' "$T/i"

"$T/lstsplf" SPLF0300 '*ALL' '*ALL' '*ALL' '*ALL' 600 > "$T/p" 2>&1
grep -q '^status P entries 1$' "$T/p"; ok $? "space too small: partial list"; sed 's/^/# /' "$T/p"

"$T/lstsplf" SPLF0999 '*ALL' '*ALL' '*ALL' '*ALL' > "$T/bad" 2>&1
grep -q 'CPF3C21' "$T/bad"; ok $? "bad format: CPF3C21"

# SPLA0200 at IBM's offsets, read with python from a C receiver
cat > "$T/spla.c" <<'C'
#include <stdio.h>
#include <string.h>
#include <qusec.h>
#include <qusrspla.h>
int main(void)
{
    Qus_SPLA0200_t a;
    struct { Qus_EC_t ec; char d[100]; } e = { { sizeof e, 0, "", 0 }, "" };
    char job[26];
    memset(job, ' ', sizeof job);
    memcpy(job, "*ALL", 4);
    memset(&a, 0, sizeof a);
    QUSRSPLA(&a, (int)sizeof a, "SPLA0200", job, "", "", "RPT       ", -1, &e);
    if (e.ec.Bytes_Available) { printf("%.7s\n", e.ec.Exception_Id); return 1; }
    fwrite(&a, 1, sizeof a, stdout);
    return 0;
}
C
cc -Wall -Werror -o "$T/spla" "$T/spla.c" $(PC) && "$T/spla" > "$T/spla.bin"
python3 - "$T/spla.bin" <<'PY'
import struct, sys
b = open(sys.argv[1], 'rb').read()
i = lambda o: struct.unpack_from('<i', b, o)[0]
s = lambda o, n: b[o:o+n].decode().rstrip()
assert len(b) == 3841, len(b)
assert i(0) == 3841 and i(4) == 3841
assert s(8, 8) == 'SPLA0200' and s(74, 10) == 'RPT' and i(84) == 1, (s(8,8), s(74,10))
assert s(88, 10) == 'INVOICE' and s(108, 10) == '*RDY' and i(148) == 2
assert s(190, 10) == 'OTHER' and s(200, 10) == 'QGPL'
assert i(432) == 66 and i(436) == 132 and i(444) == 60, (i(432), i(436), i(444))
assert s(580, 10) == '*NONE' and i(3316) > 0 and s(3816, 8) == 'QSHIM'
PY
ok $? "QUSRSPLA SPLA0200: fields at IBM's offsets"

"$T/lstsplf" SPLF0300 '*ALL' '*ALL' '*ALL' '*ALL' > "$T/after" 2>&1
! grep -q OPENONE "$T/after" || grep -q '^OPENONE  *1 RDY' "$T/after"
ok $? "closed by the program, the file is no longer *OPN"
# _Ropen'd and not yet closed: WRKSPLF shows OPN
cat > "$T/ropen.c" <<'C'
#include <recio.h>
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv)
{
    _RFILE *fp = _Ropen("QSYSPRT", "wr, splfname=STILLOPEN");
    char line[] = "half written";
    if (!fp || argc < 2)
        return 1;
    _Rwrite(fp, line, sizeof line - 1);
    int rc = system(argv[1]);
    return _Rclose(fp) != 0 || rc != 0;
}
C
cc -Wall -Werror -o "$T/ropen" "$T/ropen.c" $(PC) &&
"$T/ropen" "'$B/bin/qcl' 'WRKSPLF SELECT(*ALL)' > '$T/wrkopn'"
sed 's/^/# /' "$T/wrkopn"
grep -Eq '^STILLOPEN +[A-Z0-9_]+ +QPRINT +OPN ' "$T/wrkopn" &&
"$B/bin/qcl" 'WRKSPLF SELECT(*ALL)' | grep -Eq '^STILLOPEN +[A-Z0-9_]+ +QPRINT +RDY +1 '
ok $? "WRKSPLF: OPN while _Ropen'd, RDY after _Rclose"

# a writer killed with the file open: the next listing closes it on its
# behalf (as IBM i does at the end of a job), keeping what was written
cat > "$T/crash.c" <<'C'
#include <recio.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
int main(void)
{
    _RFILE *fp = _Ropen("QSYSPRT", "wr, splfname=CRASHED");
    char line[64];
    if (!fp)
        return 1;
    for (int i = 1; i <= 70; i++) {
        int n = snprintf(line, sizeof line, "written before the crash %d", i);
        _Rwrite(fp, line, (size_t)n);
    }
    kill(getpid(), SIGKILL);
    return 0;
}
C
cc -Wall -Werror -o "$T/crash" "$T/crash.c" $(PC) && { "$T/crash"; true; }
"$B/bin/qcl" 'WRKSPLF SELECT(*ALL)' > "$T/wrkc" 2>&1; sed 's/^/# /' "$T/wrkc"
cjob=$(awk '$1=="CRASHED"{print $(NF-2) "/" $(NF-3) "/" $(NF-4); exit}' "$T/wrkc")
grep -Eq '^CRASHED +[A-Z0-9_]+ +QPRINT +RDY +2 ' "$T/wrkc" &&
"$B/bin/qcl" "CPYSPLF FILE(CRASHED) TOFILE(*TOSTMF) JOB($cjob) TOSTMF('$T/crash.txt')" &&
[ "$(grep -c 'written before the crash' "$T/crash.txt")" = 70 ]
ok $? "a killed writer's *OPN file is closed by the next listing: RDY, 70 lines kept"
exit $fail
