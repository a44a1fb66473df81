#!/bin/bash
# BRSSPLF address sources beyond the spooled data and CSV:
#  - a database file made with RUNSQL (MAPFILE(LIB/FILE) MAPFLD(...)): key,
#    address, password, name (&NAME in the note), a bad address in one
#    record (that part to the error queue), *LIBL lookup, a missing file
#    (CPF9812) and a missing field (SQL0206);
#  - a C exit in a shared object that crashes for one key and reports an
#    error in Qus_EC_t for another: both parts logged as failed (BRS0109),
#    the rest mailed; the rerun asks the exit only for the failed parts and
#    mails exactly those;
#  - a CL program exit (CRTCLPGM) that ends with an escape message for one
#    key until a data area says otherwise; same rerun behaviour.
set -u
B=$QSHIM_BUILD/bin
S=${QSHIM_SRC:-.}
T=$(mktemp -d /tmp/qshim-burstx.XXXXXX)
export QSYS_ROOT=$T/root
trap 'rm -rf "$T"' EXIT
n=0
check() { n=$((n+1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; [ -n "${3:-}" ] && sed 's/^/# /' <<<"$3"; fi; }
msgs() { ls "$QSYS_ROOT/mail/queue/msg" 2>/dev/null | wc -l; }
qcl() { QSHIM_USER=AR $B/qcl "$@" 2>&1; }
spool() {   # name count -> "job num"
    python3 "$S/tests/integration/lib/mkinvoices.py" "$2" --pages 1-1 > "$T/$1.fcfc"
    read -r _ num job <<<"$(QSHIM_USER=AR $B/qsplfput --ctlchar fcfc --file "$1" "$T/$1.fcfc")"
    echo "FILE($1) JOB($job) SPLNBR($num)"
}
$B/qmailadm crtusrprf AR Secret123 >/dev/null
$B/qmailadm addusrsmtp AR ar here.test

# --- a database file as the mapping table ---------------------------------
out=$(qcl "RUNSQL SQL('CREATE TABLE QGPL/CUSTMAP (CUSTNO CHAR(8), EMAIL VARCHAR(256), PDFPWD VARCHAR(64), CUSTNAME VARCHAR(40))') COMMIT(*NONE)")
check "RUNSQL creates the database file" '[ -z "$out" ]' "$out"
out=$(qcl "RUNSQL SQL('INSERT INTO QGPL/CUSTMAP VALUES(''C0001'', ''ann@shop.test'', ''pw1'', ''Ann Smith''), (''C0002'', ''not an address'', ''pw2'', ''Bob''), (''C0003'', ''cy@shop.test'', ''pw3'', ''Cy Young''); INSERT INTO QGPL/CUSTMAP VALUES(''C0001'', ''second@shop.test'', ''x'', ''dup'')') COMMIT(*NONE)")
check "RUNSQL inserts records (two statements, one unit)" '[ -z "$out" ]' "$out"
out=$(qcl "RUNSQL SQL('INSERT INTO QGPL/CUSTMAP VALUES(1,2,3,4,5)')")
check "a failing statement: SQL9010, nothing changed" 'grep -q SQL9010 <<<"$out" && [ "$(sqlite3 "$QSYS_ROOT/db/QGPL.sqlite" "select count(*) from CUSTMAP")" = 4 ]' "$out"
SP=$(spool DBMAP 4)
out=$(qcl "BRSSPLF $SP KEYPOS(2 11 8) MAPFILE(QGPL/CUSTMAP) MAPFLD(CUSTNO EMAIL PDFPWD CUSTNAME) ENCRYPT(*YES) NOTE('Dear &NAME, your invoice &KEY is attached.')")
check "MAPFILE(QGPL/CUSTMAP): 2 mailed, C0002 (bad address) and C0004 (no record) to the error queue" \
  'grep -q "4 parts, 2 mailed, 0 mailed earlier, 2 to the error queue" <<<"$out" && grep -q "C0002.*address in the mapping file not valid" <<<"$out" && grep -q "C0004.*not in the mapping file" <<<"$out"' "$out"
check "the first record of a key wins; &NAME from the name field" \
  'grep -l "^To: ann@shop.test" "$QSYS_ROOT"/mail/queue/msg/* >/dev/null && ! grep -l "second@shop.test" "$QSYS_ROOT"/mail/queue/msg/* >/dev/null 2>&1 && python3 - "$QSYS_ROOT" <<PY
import email, glob, sys
for f in glob.glob(sys.argv[1] + "/mail/queue/msg/*"):
    m = email.message_from_binary_file(open(f, "rb"))
    if m["To"].strip() == "cy@shop.test":
        body = [p for p in m.walk() if p.get_content_type() == "text/plain"][0]
        sys.exit(0 if "Dear Cy Young, your invoice C0003" in body.get_payload(decode=True).decode() else 1)
sys.exit(1)
PY' "$out"
pdf=$(ls "$QSYS_ROOT"/burst/*DBMAP*/*/p3/*.pdf)
check "the part's PDF is encrypted with the password from the file" \
  'qpdf --show-encryption --password=pw3 "$pdf" 2>&1 | grep -q "AESv3" && ! pdftotext -upw wrong "$pdf" - >/dev/null 2>&1 && pdftotext -upw pw3 "$pdf" - | grep -q C0003'
before=$(msgs)
SP2=$(spool DBLIBL 1)
out=$(qcl "BRSSPLF $SP2 KEYPOS(2 11 8) MAPFILE(CUSTMAP) MAPFLD(CUSTNO EMAIL)")
check "MAPFILE(CUSTMAP) found through *LIBL" 'grep -q "1 parts, 1 mailed" <<<"$out" && [ $(msgs) = $((before+1)) ]' "$out"
out=$(qcl "BRSSPLF $SP2 KEYPOS(2 11 8) MAPFILE(QGPL/NOSUCH)")
check "a mapping file that does not exist: CPF9812" 'grep -q CPF9812 <<<"$out"' "$out"
out=$(qcl "BRSSPLF $SP2 KEYPOS(2 11 8) MAPFILE(QGPL/CUSTMAP) MAPFLD(CUSTNO MAIL)")
check "a field that is not in the file: SQL0206 naming it" 'grep -q "SQL0206.*MAIL" <<<"$out" && [ $(msgs) = $((before+1)) ]' "$out"

# --- a C exit that crashes for one key and fails for another --------------
cat > "$T/flaky.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <qshburst.h>
#include <qusec.h>
Qsh_Burst_Exit_t lookup;
void lookup(const char *key, const int *key_len, const int *part, char *addr, int *addr_len,
            char *password, int *pw_len, void *errcode)
{
    char k[257], a[300];
    snprintf(k, sizeof k, "%.*s", *key_len, key);
    const char *calls = getenv("FLAKY_CALLS");
    FILE *f = calls ? fopen(calls, "a") : NULL;
    if (f) { fprintf(f, "%d %s\n", *part, k); fclose(f); }
    int healthy = getenv("FLAKY_FIXED") != NULL;
    if (!healthy && strcmp(k, "C0002") == 0)
        abort();                                   /* crash */
    if (!healthy && strcmp(k, "C0004") == 0) {     /* lookup failed */
        Qus_EC_t *ec = errcode;
        ec->Bytes_Available = 16;
        memcpy(ec->Exception_Id, "CPF9898", 7);
        return;
    }
    int n = snprintf(a, sizeof a, "x%s@exit.test", k);
    memcpy(addr, a, (size_t)n);
    *addr_len = n;
    *pw_len = 0;
    (void)password;
}
C
export PKG_CONFIG_PATH=$QSHIM_BUILD/pkgconfig
cc -shared -fPIC -Wall -Werror -o "$T/flaky.so" "$T/flaky.c" $(pkg-config --cflags qshim) 2>"$T/cc"
SP3=$(spool CEXIT 5)
before=$(msgs)
out=$(FLAKY_CALLS=$T/calls1 qcl "BRSSPLF $SP3 KEYPOS(2 11 8) MAILTO(*EXITPGM) EXITPGM('$T/flaky.so:lookup')")
check "C exit crashing (C0002) and failing (C0004): BRS0109, the other 3 mailed" \
  'grep -q "5 parts, 3 mailed" <<<"$out" && grep -q "BRS0109" <<<"$out" && grep -q "C0002.*signal" <<<"$out" && grep -q "C0004.*CPF9898" <<<"$out" && [ $(msgs) = $((before+3)) ]' "$out $(cat "$T/cc")"
log=$(ls "$QSYS_ROOT"/burst/*CEXIT*/*/log)
check "the run log records both parts as failed and the run as not done" \
  'grep -qx "failed 1" "$log" && grep -qx "failed 3" "$log" && ! grep -qx done "$log"' "$(cat "$log")"
out=$(FLAKY_FIXED=1 FLAKY_CALLS=$T/calls2 qcl "BRSSPLF $SP3 KEYPOS(2 11 8) MAILTO(*EXITPGM) EXITPGM('$T/flaky.so:lookup')")
check "rerun: only the 2 failed parts are asked for and mailed" \
  'grep -q "5 parts, 2 mailed, 3 mailed earlier" <<<"$out" && [ "$(cut -d" " -f2 "$T/calls2" | tr "\n" " ")" = "C0002 C0004 " ] && [ $(msgs) = $((before+5)) ] && grep -qx done "$log"' "$out $(cat "$T/calls2" 2>/dev/null)"
out=$(FLAKY_CALLS=$T/calls3 qcl "BRSSPLF $SP3 KEYPOS(2 11 8) MAILTO(*EXITPGM) EXITPGM('$T/flaky.so:lookup')")
check "a third run mails nothing and calls no exit" \
  'grep -q "0 mailed, 5 mailed earlier" <<<"$out" && [ ! -e "$T/calls3" ] && [ $(msgs) = $((before+5)) ]' "$out"
out=$(qcl "BRSSPLF $SP3 KEYPOS(2 11 8) MAILTO(*EXITPGM) EXITPGM('$T/flaky.so:nosuch')")
check "a symbol that is not there: BRS0106" 'grep -q "BRS0106.*symbol not found" <<<"$out"' "$out"

# --- a CL program exit ------------------------------------------------------
cat > "$T/addrpgm.clp" <<'CL'
PGM PARM(&KEY &KEYLEN &PART &ADDR &PASSWORD)
  DCL &KEY      *CHAR 256
  DCL &KEYLEN   *INT 4
  DCL &PART     *INT 4
  DCL &ADDR     *CHAR 256
  DCL &PASSWORD *CHAR 128
  DCL &DOWN     *CHAR 1
  RTVDTAARA DTAARA(QGPL/CUSTDOWN) RTNVAR(&DOWN)
  IF COND(%SST(&KEY 1 &KEYLEN) *EQ 'C0003' *AND &DOWN *EQ 'Y') THEN(DO)
    SNDPGMMSG MSGID(CPF9898) MSGF(QCPFMSG) MSGDTA('Customer file not available') MSGTYPE(*ESCAPE)
  ENDDO
  IF COND(%SST(&KEY 1 &KEYLEN) *EQ 'C0002') THEN(RETURN)
  CHGVAR VAR(&ADDR) VALUE('cl-' *CAT %SST(&KEY 1 &KEYLEN) *TCAT '@exit.test')
ENDPGM
CL
qcl "CRTDTAARA DTAARA(QGPL/CUSTDOWN) TYPE(*CHAR) LEN(1) VALUE('Y')" >/dev/null
out=$(qcl "CRTCLPGM PGM(QGPL/ADDRPGM) SRCSTMF('$T/addrpgm.clp')")
SP4=$(spool CLEXIT 4)
before=$(msgs)
out=$(qcl "BRSSPLF $SP4 KEYPOS(2 11 8) MAILTO(*EXITPGM) EXITPGM(QGPL/ADDRPGM)")
check "CL exit: C0003 ends in error (BRS0109, its CPF9898 shown), C0002 has no address (error queue), 2 mailed" \
  'grep -q "4 parts, 2 mailed, 0 mailed earlier, 1 to the error queue" <<<"$out" && grep -q "C0003.*Customer file not available" <<<"$out" && grep -q BRS0109 <<<"$out" && [ $(msgs) = $((before+2)) ] && grep -l "^To: cl-C0001@exit.test" "$QSYS_ROOT"/mail/queue/msg/* >/dev/null' "$out"
qcl "CHGDTAARA DTAARA(QGPL/CUSTDOWN) VALUE('N')" >/dev/null
out=$(qcl "BRSSPLF $SP4 KEYPOS(2 11 8) MAILTO(*EXITPGM) EXITPGM(QGPL/ADDRPGM)")
check "CL exit rerun: only C0003 is mailed, nothing goes to the error queue again" \
  'grep -q "4 parts, 1 mailed, 2 mailed earlier, 1 to the error queue (spooled file number 0)" <<<"$out" && ! grep -q BRS0109 <<<"$out" && [ $(msgs) = $((before+3)) ]' "$out"
echo "1..$n"
