#!/bin/bash
# The MSF exit points without a built-in stage (LST_EXP, ENL_PSS, ATT_CNV,
# ATT_MGT, ACT, TRK_CHG) in their place of the pipeline, with shared-object
# exits written against <qzmf.h> (compiled with pkg-config) and CL exits run
# by qcl -x: parameters, order, content changes taken or backed out, change
# tracking, END_MSG_PROCESSING.  No servers.
set -u
B=$QSHIM_BUILD/bin; S=$QSHIM_SRC
T=$(mktemp -d /tmp/qshim-exitpts.XXXXXX)
export QSYS_ROOT=$T/root QSHIM_QCL=$B/qcl
trap 'rm -rf "$T"' EXIT
n=0
check() { n=$((n+1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; [ -n "${3:-}" ] && sed 's/^/# /' <<<"$3"; fi; }
qcl() { "$B/qcl" "$@" 2>&1; }
msf() { "$B/qmailadm" strmsf --once >/dev/null 2>&1; }
send() { QSHIM_USER=BOB "$B/qcl" "SNDSMTPEMM RCP((bob@qshim.test)) SUBJECT('$1') NOTE('Plain text body.')" >/dev/null 2>&1; }
dta() { "$B/qcl" "DSPDTAARA $1" 2>&1 | sed -n "s/^ *[0-9][0-9]* *'\(.*\)'\$/\1/p" | tr -d '\n'; }
newest() { ls -t "$QSYS_ROOT"/mail/box/BOB/Maildir/new/* 2>/dev/null | head -1; }
echo "1..18"

PC=$(PKG_CONFIG_PATH=$B/../pkgconfig pkg-config --cflags qshim)
"$B/qmailadm" chgsmtpa HOSTNAME qshim.test >/dev/null
"$B/qmailadm" crtusrprf BOB Secret123 >/dev/null 2>&1
"$B/qmailadm" addusrsmtp BOB bob qshim.test >/dev/null

LOG=$T/calls.log
cat > "$T/exits.c" <<C
#include <stdio.h>
#include <string.h>
#include <qzmf.h>
static void logf_(const char *what, const char *a, int an, const char *b, int bn, const char *c, int cn)
{
    FILE *f = fopen("$LOG", "a");
    if (!f) return;
    fprintf(f, "%s %.*s %.*s %.*s\n", what, an, a, bn, b, cn, c);
    fclose(f);
}
static void content_path(void *attrs, int n, char *out, size_t max)
{
    Qzmf_Msg_Desc_Attr_t *a = attrs;
    out[0] = 0;
    for (int i = 0; i < n; i++) {
        if (memcmp(a[i].Msg_Desc_Format_Name, "ATTL0100", 8)) continue;
        Qzmf_Msg_Desc_Hdr0100_t h; memcpy(&h, a[i].Msg_Desc_Ptr, sizeof h);
        char *e = (char *)a[i].Msg_Desc_Ptr + h.First_Entry_Offset;
        Qzmf_ATTL0100_t t; memcpy(&t, e, sizeof t);
        if ((size_t)t.Attach_Length < max) { memcpy(out, e + t.Displacement, t.Attach_Length); out[t.Attach_Length] = 0; }
    }
}
void envlog(char ep[20], char id[32], void *at, int *n, char fmt[8], int *rc)
{ logf_("ENL", ep, 20, id, 32, fmt, 8); *rc = QZMF_CONTINUE; }
void backout(char ep[20], char id[32], void *at, int *n, char fmt[8], int *rc)
{
    char p[4096]; content_path(at, *n, p, sizeof p);
    FILE *f = fopen(p, "a"); if (f) { fputs("GARBAGE\r\n", f); fclose(f); }
    logf_("BACKOUT", ep, 20, p, (int)strlen(p), fmt, 8);
    *rc = QZMF_BACKOUT_CHANGE;
}
void track(char id[32], char ep[20], char pgm[20], char fmt[8], int *rc)
{ logf_("TRK", ep, 20, pgm, 20, fmt, 8); *rc = 0; }
void acct(char ep[20], char id[32], void *at, int *n, char fmt[8], int *rc)
{
    Qzmf_Msg_Desc_Attr_t *a = at;
    for (int i = 0; i < *n; i++) {
        if (memcmp(a[i].Msg_Desc_Format_Name, "RCPL0100", 8)) continue;
        Qzmf_Msg_Desc_Hdr0100_t h; memcpy(&h, a[i].Msg_Desc_Ptr, sizeof h);
        Qzmf_RCPL0100_t r; memcpy(&r, (char *)a[i].Msg_Desc_Ptr + h.First_Entry_Offset, sizeof r);
        char st[16]; snprintf(st, sizeof st, "status=%d", r.Status);
        logf_("ACT", ep, 20, st, (int)strlen(st), fmt, 8);
    }
    *rc = QZMF_CONTINUE;
}
void attmgt(char ep[20], char id[32], void *at, int *n, char fmt[8], int *rc)
{ logf_("MGT", ep, 20, id, 32, fmt, 8); *rc = QZMF_CONTINUE; }
void lstend(char ep[20], char id[32], void *at, int *n, char fmt[8], int *rc)
{ logf_("LST", ep, 20, id, 32, fmt, 8); *rc = QZMF_END_MSG_PROCESSING; }
void endjob(char ep[20], char id[32], void *at, int *n, char fmt[8], int *rc)
{ logf_("END", ep, 20, id, 32, fmt, 8); *rc = QZMF_END_MSF_JOB; }
C
cc -Wall -Werror -shared -fPIC -o "$T/exits.so" "$T/exits.c" $PC 2>"$T/cc.err" &&
cc -Wall -Werror -shared -fPIC -o "$T/disclaimer.so" "$S/samples/disclaimer.c" $PC 2>>"$T/cc.err"
check "exit programs and samples/disclaimer.c compile with pkg-config flags" '[ -s "$T/exits.so" ] && [ -s "$T/disclaimer.so" ]' "$(cat "$T/cc.err")"

add() { qcl "ADDEXITPGM EXITPNT($1) FORMAT($2) PGMNBR($3) PGM(QGPL/$4) $5 TIMEOUT(20)"; }
out=$(add QIBM_QZMFMSF_ENL_PSS MSFF0100 1 ENVLOG "PGMPATH('$T/exits.so')"
      add QIBM_QZMFMSF_ATT_CNV MSFF0100 1 DISCLAIM "PGMPATH('$T/disclaimer.so')"
      add QIBM_QZMFMSF_ATT_CNV MSFF0100 2 BACKOUT "PGMPATH('$T/exits.so')"
      add QIBM_QZMFMSF_TRK_CHG TCMM0100 1 TRACK "PGMPATH('$T/exits.so')"
      add QIBM_QZMFMSF_ATT_MGT MSFF0100 1 ATTMGT "PGMPATH('$T/exits.so')"
      add "'QIBM_QZMFMSF_ACT'" MSFF0100 1 ACCT "PGMPATH('$T/exits.so')")
check "six shared-object exits registered" '[ "$(grep -c "as number" <<<"$out")" = 6 ]' "$out"

send "First"; msf
m=$(newest)
check "delivered through the pipeline" '[ -n "$m" ]' "$(ls -R "$QSYS_ROOT/mail" | head -30)"
check "ATT_CNV: the disclaimer program changed the message before delivery" \
  'grep -q "This e-mail is confidential" "$m" && grep -q "Plain text body." "$m"' "$(cat "$m" 2>/dev/null)"
check "ATT_CNV: the BACKOUT program's change was thrown away (and it got a private copy)" \
  '! grep -q GARBAGE "$m" && grep -q "^BACKOUT QIBM_QZMFMSF_ATT_CNV .*/mail/queue/tmp/.*\.w MSFF0100" "$LOG"' "$(cat "$LOG"; cat "$m")"
id=$(sed -n 's/^ENL QIBM_QZMFMSF_ENL_PSS \([0-9A-Z]\{32\}\) MSFF0100$/\1/p' "$LOG")
check "ENL_PSS: Snap-In Call parameters (exit point, 32-char message id, MSFF0100)" '[ -n "$id" ]' "$(cat "$LOG")"
check "TRK_CHG: told once that QGPL/DISCLAIM at ATT_CNV changed the message (TCMM0100)" \
  '[ "$(grep -c "^TRK QIBM_QZMFMSF_ATT_CNV DISCLAIM  QGPL       TCMM0100$" "$LOG")" = 1 ] && [ "$(grep -c ^TRK "$LOG")" = 1 ]' "$(cat "$LOG")"
check "ATT_MGT and ACT run last, ACT sees the final status (3 local)" \
  'grep -q "^ACT QIBM_QZMFMSF_ACT     status=3 MSFF0100" "$LOG" && [ "$(sed -n "\$p" "$LOG" | cut -c1-3)" = ACT ] && grep -n . "$LOG" | grep -q "MGT QIBM_QZMFMSF_ATT_MGT"' "$(cat "$LOG")"
order=$(cut -d" " -f1 "$LOG" | tr '\n' ' ')
check "pipeline order ENL_PSS < ATT_CNV (TRK_CHG right after the change) < ATT_MGT < ACT" \
  '[ "$order" = "ENL TRK BACKOUT MGT ACT " ]' "$order"

# --- CL exit programs (qcl -x, IBM's parameter lists by reference) --------
qcl "CRTLIB EXITLIB" >/dev/null
for d in ENL TRK ATT; do qcl "CRTDTAARA DTAARA(EXITLIB/$d) TYPE(*CHAR) LEN(100)" >/dev/null; done
cat > "$T/enlcl.clp" <<'CL'
PGM PARM(&EXITPNT &MSGID &ATTRS &NATTRS &FORMAT &RTNCDE)
  DCL VAR(&EXITPNT) TYPE(*CHAR) LEN(20)
  DCL VAR(&MSGID) TYPE(*CHAR) LEN(32)
  DCL VAR(&ATTRS) TYPE(*CHAR) LEN(1024)
  DCL VAR(&NATTRS) TYPE(*INT) LEN(4)
  DCL VAR(&FORMAT) TYPE(*CHAR) LEN(8)
  DCL VAR(&RTNCDE) TYPE(*INT) LEN(4)
  DCL VAR(&S) TYPE(*CHAR) LEN(100)
  CHGVAR VAR(&S) VALUE(&EXITPNT *CAT &MSGID *CAT &FORMAT)
  CHGDTAARA DTAARA(EXITLIB/ENL) VALUE(&S)
  CHGVAR VAR(&RTNCDE) VALUE(0)
ENDPGM
CL
cat > "$T/trkcl.clp" <<'CL'
PGM PARM(&MSGID &EXITPNT &PGM &FORMAT &RTNCDE)
  DCL VAR(&MSGID) TYPE(*CHAR) LEN(32)
  DCL VAR(&EXITPNT) TYPE(*CHAR) LEN(20)
  DCL VAR(&PGM) TYPE(*CHAR) LEN(20)
  DCL VAR(&FORMAT) TYPE(*CHAR) LEN(8)
  DCL VAR(&RTNCDE) TYPE(*INT) LEN(4)
  DCL VAR(&S) TYPE(*CHAR) LEN(100)
  CHGVAR VAR(&S) VALUE(&EXITPNT *CAT &PGM *CAT &FORMAT)
  CHGDTAARA DTAARA(EXITLIB/TRK) VALUE(&S)
  CHGVAR VAR(&RTNCDE) VALUE(2)
ENDPGM
CL
cat > "$T/attcl.clp" <<'CL'
PGM PARM(&EXITPNT &MSGID &ATTRS &NATTRS &FORMAT &RTNCDE)
  DCL VAR(&EXITPNT) TYPE(*CHAR) LEN(20)
  DCL VAR(&MSGID) TYPE(*CHAR) LEN(32)
  DCL VAR(&ATTRS) TYPE(*CHAR) LEN(1024)
  DCL VAR(&NATTRS) TYPE(*INT) LEN(4)
  DCL VAR(&FORMAT) TYPE(*CHAR) LEN(8)
  DCL VAR(&RTNCDE) TYPE(*INT) LEN(4)
  CHGDTAARA DTAARA(EXITLIB/ATT) VALUE(&ATTRS)
  CHGVAR VAR(&RTNCDE) VALUE(3)
ENDPGM
CL
qcl "RMVEXITPGM EXITPNT(QIBM_QZMFMSF_ENL_PSS) FORMAT(MSFF0100) PGMNBR(1)" >/dev/null
qcl "RMVEXITPGM EXITPNT(QIBM_QZMFMSF_TRK_CHG) FORMAT(TCMM0100) PGMNBR(1)" >/dev/null
qcl "RMVEXITPGM EXITPNT(QIBM_QZMFMSF_ATT_CNV) FORMAT(MSFF0100) PGMNBR(2)" >/dev/null
out=$(add QIBM_QZMFMSF_ENL_PSS MSFF0100 1 ENLCL "PGMTYPE(*CLPGM) PGMPATH('$T/enlcl.clp')"
      add QIBM_QZMFMSF_TRK_CHG TCMM0100 1 TRKCL "PGMTYPE(*CLPGM) PGMPATH('$T/trkcl.clp')")
: > "$LOG"
send "Second"; msf
dta=$(dta EXITLIB/ENL)
check "CL exit at ENL_PSS called with exit point, message id and format" \
  'grep -Eq "QIBM_QZMFMSF_ENL_PSS[0-9A-Z]{32}MSFF0100" <<<"$dta"' "$out$dta"
dta=$(dta EXITLIB/TRK)
check "CL exit at TRK_CHG told QGPL/DISCLAIM at ATT_CNV changed it; its code 2 is only tracked" \
  'grep -q "QIBM_QZMFMSF_ATT_CNVDISCLAIM  QGPL      TCMM0100" <<<"$dta" && [ "$(ls "$QSYS_ROOT"/mail/box/BOB/Maildir/new | wc -l)" = 2 ]' "$dta"

out=$(add QIBM_QZMFMSF_ATT_CNV MSFF0100 3 ATTCL "PGMTYPE(*CLPGM) PGMPATH('$T/attcl.clp')")
send "Third"; msf
dta=$(dta EXITLIB/ATT)
check "CL exit at ATT_CNV gets the content path (its private copy) as the attribute parameter" \
  'grep -q "/mail/queue/tmp/[0-9A-Z]*\.w" <<<"$dta"' "$out$dta"
check "CL exit returning 3 (end message processing): not delivered, queue empty, ACT not called" \
  '[ "$(ls "$QSYS_ROOT"/mail/box/BOB/Maildir/new | wc -l)" = 2 ] && [ -z "$(ls "$QSYS_ROOT"/mail/queue/active)" ] && ! grep -q "Third" "$QSYS_ROOT"/mail/box/BOB/Maildir/new/*' \
  "$(ls -R "$QSYS_ROOT"/mail/queue)"

# --- LST_EXP ends processing before address resolution --------------------
qcl "RMVEXITPGM EXITPNT(QIBM_QZMFMSF_ATT_CNV) FORMAT(MSFF0100) PGMNBR(3)" >/dev/null
add QIBM_QZMFMSF_LST_EXP MSFF0100 1 LSTEND "PGMPATH('$T/exits.so')" >/dev/null
: > "$LOG"
send "Fourth"; msf
check "LST_EXP runs first; END_MSG_PROCESSING there stops everything after it" \
  '[ "$(cut -d" " -f1 "$LOG" | tr "\n" " ")" = "LST " ] && [ "$(ls "$QSYS_ROOT"/mail/box/BOB/Maildir/new | wc -l)" = 2 ]' "$(cat "$LOG")"

# --- return code 2 ends the MSF job: the rest of the queue waits ------------
qcl "RMVEXITPGM EXITPNT(QIBM_QZMFMSF_LST_EXP) FORMAT(MSFF0100) PGMNBR(1)" >/dev/null
add QIBM_QZMFMSF_LST_EXP MSFF0100 1 ENDJOB "PGMPATH('$T/exits.so')" >/dev/null
: > "$LOG"
send "Seventh"; send "Eighth"; msf
check "END_MSF_JOB (2): the job ends after that message; the other one stays queued" \
  '[ "$(grep -c "^END " "$LOG")" = 1 ] && [ "$(ls "$QSYS_ROOT"/mail/queue/active | wc -l)" = 1 ]' \
  "$(cat "$LOG"; ls -R "$QSYS_ROOT"/mail/queue)"
qcl "RMVEXITPGM EXITPNT(QIBM_QZMFMSF_LST_EXP) FORMAT(MSFF0100) PGMNBR(1)" >/dev/null
msf
check "a restarted MSF job delivers the message left behind, once" \
  '[ -z "$(ls "$QSYS_ROOT"/mail/queue/active)" ] && [ "$(grep -l -e "Seventh" -e "Eighth" "$QSYS_ROOT"/mail/box/BOB/Maildir/new/* | wc -l)" = 1 ]' \
  "$(ls -R "$QSYS_ROOT"/mail/queue)"

# --- exactly once: a content change recorded before a crash -----------------
crc() { /usr/bin/python3 -c 'import sys, zlib; print("%08x" % zlib.crc32(open(sys.argv[1], "rb").read()))' "$1"; }
# the record matches the content on disk: the rename happened, do not redo
send "Fifth"; id=$(ls "$QSYS_ROOT/mail/queue/active"); q=$QSYS_ROOT/mail/queue
echo "x QIBM_QZMFMSF_ATT_CNV/1 $(crc "$q/msg/$id") $(stat -c %s "$q/msg/$id")" > "$q/st/$id"
msf; m=$(grep -l "Fifth" "$QSYS_ROOT"/mail/box/BOB/Maildir/new/*)
check "change recorded and renamed before a crash: the program is not run again" \
  '[ -n "$m" ] && ! grep -q "This e-mail is confidential" "$m"' "$(cat "$m" 2>/dev/null)"
# the record does not match: prepared, never renamed, so the program runs
send "Sixth"; id=$(ls "$q/active")
echo "x QIBM_QZMFMSF_ATT_CNV/1 0badc0de 12" > "$q/st/$id"
msf; m=$(grep -l "Sixth" "$QSYS_ROOT"/mail/box/BOB/Maildir/new/*)
check "change prepared but not renamed before a crash: the program runs, once" \
  '[ "$(grep -c "This e-mail is confidential" "$m")" = 1 ]' "$(cat "$m" 2>/dev/null)"
