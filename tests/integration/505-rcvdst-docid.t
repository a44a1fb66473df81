#!/bin/bash
# RCVDST DOC(name) FLR(*NONE): a received document filed in no folder gets
# a library-assigned document name (DOCID); SNDDST DOC(*DOCID) DOCID() sends
# it on, byte for byte; DLTDLO DLO(*DOCID) DOCID() deletes it.  The name is
# checked before the distribution is received (an existing name keeps the
# distribution in the mail log); DOC(*NONE) with a folder is refused.
set -u
. "${QSHIM_SRC:?}/tests/integration/lib/qcltap.sh"
echo "1..19"

run 0 "created" "CRTFLR FLR(MAIL)"
head -c 3000 /dev/urandom > "$QSYS_ROOT/QDLS/MAIL/BIN.DAT"
run 0 added "ADDDIRE USRID(ME HQ) USRD('Me') USER($ME)"
run 0 "HQ      ME      0001 sent" "SNDDST TYPE(*DOC) TOUSRID((ME HQ)) DSTD('Binary') DOC(BIN.DAT) FLR(MAIL)"
run 0 "HQ      ME      0002 sent" "SNDDST TYPE(*DOC) TOUSRID((ME HQ)) DSTD('Again') DOC(BIN.DAT) FLR(MAIL)"

run 1 CPF90A6 "RCVDST DSTID('HQ      ME      0001') FLR(MAIL)"
run 1 CPF8AA3 "RCVDST DSTID('HQ      ME      0001') DOC('BAD/NAME')"
run 0 "Document filed as KEPT.DAT in no folder, library-assigned name [0-9]\{16\}QSHIM000" \
    "RCVDST DSTID('HQ      ME      0001') DOC(KEPT.DAT)"
docid=$(sed -n 's/.*library-assigned name \([0-9A-Z]\{24\}\).*/\1/p' <<<"$out")
echo "# DOCID $docid"
f=$(ls "$QSYS_ROOT/QDLS/.docid/" | grep -- "^$docid-KEPT.DAT$")
cmp -s "$QSYS_ROOT/QDLS/MAIL/BIN.DAT" "$QSYS_ROOT/QDLS/.docid/$f"
ok $? "the document in no folder is the one sent"
run 0 "MAIL " "WRKFLR"
! grep -q docid <<<"$out"; ok $? "WRKFLR does not show the documents in no folder"

# the same name again: refused before receiving, the distribution stays
run 1 CPF8AA2 "RCVDST DSTID('HQ      ME      0002') DOC(KEPT.DAT)"
run 0 "Document filed as SECOND.DAT" "RCVDST DSTID('HQ      ME      0002') DOC(SECOND.DAT) KEEP(*YES)"
docid2=$(sed -n 's/.*library-assigned name \([0-9A-Z]\{24\}\).*/\1/p' <<<"$out")
[ -n "$docid2" ] && [ "$docid2" != "$docid" ]; ok $? "a second DOCID ($docid2), different from the first"

# send it on by DOCID and receive it into a folder
run 0 "HQ      ME      0003 sent" "SNDDST TYPE(*DOC) TOUSRID((ME HQ)) DSTD('Forward') DOC(*DOCID) DOCID('$docid')"
run 0 "Document filed as BACK.DAT in folder MAIL" "RCVDST DSTID('HQ      ME      0003') DOC(BACK.DAT) FLR(MAIL)"
cmp -s "$QSYS_ROOT/QDLS/MAIL/BIN.DAT" "$QSYS_ROOT/QDLS/MAIL/BACK.DAT"
ok $? "SNDDST DOC(*DOCID) sent the same bytes"

run 0 "deleted" "DLTDLO DLO(*DOCID) DOCID('$docid')"
run 1 CPF8A82 "SNDDST TYPE(*DOC) TOUSRID((ME HQ)) DSTD('Gone') DOC(*DOCID) DOCID('$docid')"
run 1 CPD0072 "DLTDLO DLO(*DOCID)"
