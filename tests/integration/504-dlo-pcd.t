#!/bin/bash
# The document library and database members behind office distributions:
# CRTFLR/WRKFLR/WRKDOC/DLTDLO/DLTFLR, CRTPF/DSPPFM/DLTF,
# CPYFRMPCD and CPYTOPCD with IBM's translate tables and *TEXT format,
# SNDDST TYPE(*DOC) DOC/FLR and TYPE(*FILE) DOCFILE/DOCMBR, RCVDST DOC/FLR
# filing a received document, and RCVDST OUTDTATYP.
set -u
. "${QSHIM_SRC:?}/tests/integration/lib/qcltap.sh"
echo "1..64"

# folders
run 0 "created" "CRTFLR FLR(MAIL) TEXT('Outgoing mail')"
run 0 "created in MAIL" "CRTFLR FLR(2026) INFLR(MAIL)"
run 1 CPF8AA1 "CRTFLR FLR(MAIL)"
run 1 CPF8A77 "CRTFLR FLR(X) INFLR(NOSUCH)"
run 1 CPF8AA3 "CRTFLR FLR('TOOLONGNAME1')"
run 0 "MAIL .*\*FLR .*Outgoing mail" "WRKFLR"
run 0 "2026 .*\*FLR" "WRKFLR INFLR(MAIL)"

# a PC user drops a text document into the folder (/QDLS/MAIL on IBM i)
printf 'Invoice 1001   \r\nInvoice 1002 is a much longer line than twenty\r\nlast\r\n\x1a' > "$QSYS_ROOT/QDLS/MAIL/IN.TXT"
run 0 "IN.TXT .*\*DOC" "WRKDOC FLR(MAIL)"

# a program-described file and CPYFRMPCD *TEXT (ASCII -> EBCDIC through QEBCDIC)
run 0 "" "CRTPF FILE(QGPL/INVOICES) RCDLEN(20) TEXT('Invoices')"
run 1 CPF7302 "CRTPF FILE(QGPL/INVOICES) RCDLEN(20)"
run 1 IWS1603 "CPYFRMPCD FROMFLR(MAIL) TOFILE(QGPL/INVOICES) FROMDOC(IN.TXT) TRNFMT(*TEXT)"
run 0 "Invoice 1002 is a mu" "DSPPFM FILE(QGPL/INVOICES)"
run 0 "3 records" "DSPPFM FILE(QGPL/INVOICES)"
rec=$(sqlite3 "$QSYS_ROOT/db/QGPL.sqlite" "SELECT '[' || INVOICES || ']' FROM INVOICES WHERE MBR='INVOICES' ORDER BY RRN LIMIT 1")
[ "$rec" = "[Invoice 1001        ]" ]
ok $? "the record is the line, blank padded to 20: $rec"

# CPYTOPCD back as ASCII text (QASCII), and as raw records
run 0 "3 records" "CPYTOPCD FROMFILE(QGPL/INVOICES) TOFLR(MAIL) TODOC(OUT.TXT) TRNFMT(*TEXT)"
printf 'Invoice 1001\r\nInvoice 1002 is a mu\r\nlast\r\n' | cmp -s - "$QSYS_ROOT/QDLS/MAIL/OUT.TXT"
ok $? "CPYTOPCD TRNFMT(*TEXT): trailing blanks gone, CR LF after each record, ASCII"
run 1 "CPF8AA2" "CPYTOPCD FROMFILE(QGPL/INVOICES) TOFLR(MAIL) TODOC(OUT.TXT)"
run 0 "" "CPYTOPCD FROMFILE(QGPL/INVOICES) TOFLR(MAIL) TODOC(RAW.BIN) TRNTBL(*NONE)"
[ "$(wc -c < "$QSYS_ROOT/QDLS/MAIL/RAW.BIN")" = 60 ] && [ "$(head -c1 "$QSYS_ROOT/QDLS/MAIL/RAW.BIN" | od -An -tx1 | tr -d ' ')" = c9 ]
ok $? "TRNTBL(*NONE) TRNFMT(*NOTRN): the 3 x 20 EBCDIC bytes as they are"
run 0 "" "CPYFRMPCD FROMFLR(MAIL) TOFILE(QGPL/INVOICES) FROMDOC(RAW.BIN) TOMBR(COPY2) TRNTBL(*NONE)"
run 0 "Invoice 1002 is a mu" "DSPPFM FILE(QGPL/INVOICES) MBR(COPY2)"
run 1 CPF9812 "CPYTOPCD FROMFILE(QGPL/NOFILE) TOFLR(MAIL)"

# distributions: *DOC from the folder, *FILE from the member
run 0 added "ADDDIRE USRID(ME HQ) USRD('Me') USER($ME)"
run 0 "HQ      ME      0001 sent" "SNDDST TYPE(*DOC) TOUSRID((ME HQ)) DSTD('The invoices') DOC(OUT.TXT) FLR(MAIL)"
run 1 CPF8A82 "SNDDST TYPE(*DOC) TOUSRID((ME HQ)) DSTD('x') DOC(NONE.TXT) FLR(MAIL)"
run 0 "HQ      ME      0002 sent" "SNDDST TYPE(*FILE) TOUSRID((ME HQ)) DSTD('Member') DOCFILE(QGPL/INVOICES) DOCMBR(COPY2)"
run 0 "Document filed as GOT.TXT in folder MAIL/2026" "RCVDST DSTID('HQ      ME      0001') DOC(GOT.TXT) FLR('MAIL/2026')"
cmp -s "$QSYS_ROOT/QDLS/MAIL/OUT.TXT" "$QSYS_ROOT/QDLS/MAIL/2026/GOT.TXT"
ok $? "the received document is the one that was sent"
run 0 "" "RCVDST DSTID('HQ      ME      0002') OUTFILE(QGPL/GOTFILE) OUTDTATYP(*DSTINFO *DOC)"
row=$(sqlite3 "$QSYS_ROOT/db/QGPL.sqlite" "SELECT DSTTYPE, DOCNAME, DSTD IS NULL, CAST(DOC AS TEXT) FROM GOTFILE")
grep -q "^\*FILE|COPY2.TXT|1|Invoice 1001" <<<"$row"
ok $? "OUTDTATYP(*DSTINFO *DOC): member text as UTF-8 lines, DSTD left out"

# IBM's classic flow: CPYSPLF TOFILE -> CPYTOPCD -> SNDDST TYPE(*DOC) TOINTNET
printf 'SALES REPORT\nnorth   42\nsouth   17\n' > "$T/rpt.txt"
read -r _ _ job <<< "$("$B/bin/qsplfput" --file RPT "$T/rpt.txt")"
run 0 "" "CRTPF FILE(QGPL/RPTPF) RCDLEN(80)"
run 0 "" "CPYSPLF FILE(RPT) TOFILE(QGPL/RPTPF) JOB($job) SPLNBR(*LAST)"
run 0 "" "CPYTOPCD FROMFILE(QGPL/RPTPF) TOFLR(MAIL) TODOC(REPORT.TXT) TRNFMT(*TEXT) REPLACE(*YES)"
grep -q "^north   42"$'\r'"$" "$QSYS_ROOT/QDLS/MAIL/REPORT.TXT"
ok $? "the spooled report is a CR LF text document"
run 0 "" "CHGDIRE USRID(ME HQ) USRDFNFLD((SMTPAUSRID SMTP 'me') (SMTPDMN SMTP 'example.com'))"
run 0 added "ADDDIRE USRID(GATEWAY INTERNET) USRD('SMTP gateway') PREFADR(NETUSRID *IBM ATCONTXT)"
run 0 "" "CHGDSTA SMTPRTE(GATEWAY INTERNET)"
run 0 "" "HLDDSTQ DSTQ(QSMTPQ)"
run 0 "sent" "SNDDST TYPE(*DOC) TOINTNET((boss@example.org)) DSTD('Sales report') DOC(REPORT.TXT) FLR(MAIL)"
note=$(cat "$QSYS_ROOT"/snads/dstq/QSMTPQ/N/* 2>/dev/null)
grep -q 'filename="REPORT.TXT"' <<<"$note" && grep -q "boss@example.org" <<<"$note"
ok $? "the Internet copy waits on QSMTPQ with REPORT.TXT attached"

# an externally described file (RUNSQL, OUTFILE): its fields side by side
run 0 "" "RUNSQL SQL('CREATE TABLE QGPL/CUST (ID CHAR(4), NAME VARCHAR(10), CITY CHAR(6))') COMMIT(*NONE)"
run 0 "" "RUNSQL SQL('INSERT INTO QGPL/CUST VALUES(''0001'', ''Smith'', ''Rome''), (''0002'', ''Müller'', NULL)') COMMIT(*NONE)"
run 0 "2 records" "DSPPFM FILE(QGPL/CUST)"
run 0 "" "CPYTOPCD FROMFILE(QGPL/CUST) TOFLR(MAIL) TODOC(CUST.TXT) TRNFMT(*TEXT)"
printf '0001Smith     Rome\r\n0002M\xfcller\r\n' | cmp -s - "$QSYS_ROOT/QDLS/MAIL/CUST.TXT"
ok $? "CPYTOPCD of an SQL table: fixed-width records, ASCII through QASCII"
run 0 "" "QRYDST OPTION(*OUT) OUTFILE(QGPL/DSTOUT)"
run 0 "HQ      ME      0001" "DSPPFM FILE(QGPL/DSTOUT)"

# DLTF: the file goes with its members
run 0 "" "DLTF FILE(QGPL/INVOICES)"
run 1 CPF9812 "DSPPFM FILE(QGPL/INVOICES)"

# clean up the library
run 0 "deleted" "DLTDLO DLO(RAW.BIN) FLR(MAIL)"
run 0 "deleted" "DLTFLR FLR(MAIL)"
[ ! -e "$QSYS_ROOT/QDLS/MAIL" ] && ! ls -a "$QSYS_ROOT/QDLS" | grep -q deleted
ok $? "DLTFLR removed the folder with its documents and subfolder"

# distribution queues besides QSMTPQ: durable definitions and held state
run 0 "added" "ADDDSTQ DSTQ(CHICAGO) RMTLOCNAME(CHIC01) DSTQTYPE(*SNADS) TEXT('To Chicago')"
run 0 "added" "ADDDSTQ DSTQ(SVDSQ) RMTLOCNAME(SVDS01) DSTQTYPE(*SVDS)"
run 1 CPF90AD "ADDDSTQ DSTQ(CHICAGO) RMTLOCNAME(X)"
run 0 "held" "HLDDSTQ DSTQ(CHICAGO) PTY(*HIGH)"
run 1 CPF9083 "HLDDSTQ DSTQ(SVDSQ) PTY(*HIGH)"
run 0 "CHICAGO     \*HIGH     HELD      0            \*SNADS  CHIC01" "WRKDSTQ"
run 1 CPF8816 "SNDDSTQ DSTQ(CHICAGO) PTY(*HIGH)"
run 0 "" "SNDDSTQ DSTQ(CHICAGO)"
run 1 CPF8802 "HLDDSTQ DSTQ(NOSUCHQ)"
run 1 CPF90AE "RMVDSTQ DSTQ(QSMTPQ)"
run 0 "removed" "RMVDSTQ DSTQ(SVDSQ)"
out=$("$Q" "WRKDSTQ" 2>&1); ! grep -q SVDSQ <<<"$out" && grep -q "^ QSMTPQ" <<<"$out"
ok $? "WRKDSTQ: QSMTPQ first, the removed queue gone"
