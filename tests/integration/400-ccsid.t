#!/bin/bash
# CCSID conversion end to end: IBM's iconv/QtqIconvOpen/QDCXLATE/CDRCVRT
# from a C program built with pkg-config, and qiconv against ICU's uconv.
set -u
B=${QSHIM_BUILD:?}; S=${QSHIM_SRC:?}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export QSYS_ROOT=$T/root
n=0; fail=0
ok() { n=$((n+1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi; }
echo "1..24"

cc -Wall -Werror -o "$T/demo" "$S/samples/iconv_demo.c" \
   $(PKG_CONFIG_PATH=$B/pkgconfig pkg-config --cflags --libs qshim) 2>"$T/cc.err"
ok $? "iconv sample compiles with -Wall -Werror via pkg-config"; sed 's/^/# /' "$T/cc.err"
"$T/demo" > "$T/out" 2>&1; ok $? "sample runs"; sed 's/^/# /' "$T/out"
grep -qx 'iconv 1208->37 returned 0, left 0' "$T/out"; ok $? "iconv: struct iconv_t, IBMCCSID strings"
grep -qx '37: C8 85 93 93 96 6B 40 C7 99 DC 59 85 5A 25' "$T/out"; ok $? "iconv: bytes as CCSID 37 has them (LF is 0x25)"
grep -qx 'nul stop: returned 0, wrote 3' "$T/out"; ok $? "input length option 1 stops at the NUL"
grep -qx 'bad ccsid: return_value -1 errno EINVAL' "$T/out"; ok $? "unknown CCSID: return_value -1, EINVAL"
grep -qx '930: C1 0E 45 62 45 66 0F C2' "$T/out"; ok $? "QtqIconvOpen: mixed EBCDIC with SO/SI"
grep -qx 'QDCXLATE: Hello' "$T/out"; ok $? "QDCXLATE with QTCPASC converts in place"
grep -qx 'CDRCVRT: \[Hello   \] L3=5 L4=3 fb0=0' "$T/out"; ok $? "CDRCVRT: converted, padded, feedback zero"

# qiconv against uconv
printf 'Grüße aus Köln — 3 € ¬ ¦\nline two\n' > "$T/latin.txt"
python3 -c 'import sys; sys.stdout.write("日本語のテキスト、カタカナ。ABC\n漢字とひらがな\n")' > "$T/jp.txt"
f1=0
for c in 37 273 500 1047 1141 819; do
  "$B/bin/qiconv" --subst -f 1208 -t $c "$T/latin.txt" > "$T/q.$c"
  uconv --callback substitute -f utf-8 -t ibm-$c "$T/latin.txt" > "$T/u.$c" 2>/dev/null
  cmp -s "$T/q.$c" "$T/u.$c" || { f1=1; echo "# differs for $c"; }
done
ok $f1 "qiconv 1208 -> 37/273/500/1047/1141/819 equals uconv"
f2=0
for c in 930 939 1390 1399 943 954; do
  "$B/bin/qiconv" -f 1208 -t $c "$T/jp.txt" > "$T/q.$c" || f2=1
  uconv -f utf-8 -t ibm-$c "$T/jp.txt" > "$T/u.$c" 2>/dev/null
  cmp -s "$T/q.$c" "$T/u.$c" || { f2=1; echo "# differs for $c"; }
  "$B/bin/qiconv" -f $c -t 1208 "$T/q.$c" | cmp -s - "$T/jp.txt" || { f2=1; echo "# round trip $c"; }
done
ok $f2 "qiconv 1208 <-> Japanese mixed/PC/EUC equals uconv, round trips"

printf 'abc\xffdef' > "$T/bad.txt"
"$B/bin/qiconv" -f 1208 -t 37 "$T/bad.txt" > /dev/null 2> "$T/err"; rc=$?
[ $rc -eq 1 ] && grep -q 'byte offset 3' "$T/err"; ok $? "invalid input: exit 1, message names byte offset 3"
out=$("$B/bin/qiconv" -c -f 1208 -t 819 "$T/bad.txt"); ok $([ "$out" = abcdef ]; echo $?) "-c drops what cannot be converted"
printf 'abc\xe6\x97' > "$T/cut.txt"
"$B/bin/qiconv" -f 1208 -t 37 "$T/cut.txt" > /dev/null 2> "$T/err"; rc=$?
[ $rc -eq 1 ] && grep -q 'incomplete.*offset 3' "$T/err"; ok $? "truncated input: incomplete character at offset 3"
"$B/bin/qiconv" -l | grep -q '^  930  ESID 1301'; ok $? "-l lists CCSIDs with their ESID"
"$B/bin/qiconv" -f 99999 -t 37 < /dev/null 2>/dev/null; [ $? -eq 2 ]; ok $? "unknown CCSID: usage error, exit 2"
printf '\x15\x25' | "$B/bin/qiconv" --text -f 37 -t 1208 | od -An -tx1 | grep -q '^ 0a 0a$'
ok $? "--text maps NL to LF; without it NL stays U+0085"

# CL: CHGATR ATR(*CCSID) and CPY with conversion
printf 'Gr\xc3\xbc\xc3\x9fe\n' > "$T/a.txt"
"$B/bin/qcl" "CHGATR OBJ('$T/a.txt') ATR(*CCSID) VALUE(1208)" >/dev/null 2>&1; ok $? "CHGATR ATR(*CCSID) VALUE(1208)"
"$B/bin/qcl" "CPY OBJ('$T/a.txt') TOOBJ('$T/b.txt') TOCCSID(273) DTAFMT(*TEXT)" >/dev/null 2>&1 &&
  [ "$(od -An -tx1 "$T/b.txt")" = " c7 99 d0 a1 85 25" ]; ok $? "CPY DTAFMT(*TEXT) TOCCSID(273) converts (LF -> 0x25)"
"$B/bin/qcl" "CPY OBJ('$T/b.txt') TOOBJ('$T/c.txt') TOCCSID(1208) DTAFMT(*TEXT)" >/dev/null 2>&1 &&
  cmp -s "$T/a.txt" "$T/c.txt"; ok $? "CPY back from the tag (FROMCCSID(*OBJ) = 273) round trips"
out=$("$B/bin/qcl" "CPY OBJ('$T/a.txt') TOOBJ('$T/b.txt') DTAFMT(*TEXT)" 2>&1); rc=$?
[ $rc -ne 0 ] && printf '%s' "$out" | grep -q CPFA0A0; ok $? "CPY REPLACE(*NO) refuses an existing target (CPFA0A0)"

# CRTTBL from a hex source, used by QDCXLATE; DLTTBL
python3 -c '
t = list(range(256))
for c in range(ord("a"), ord("z") + 1): t[c] = c - 32
print("".join("%02X" % b for b in t))' > "$T/upper.hex"
"$B/bin/qcl" "CRTTBL TBL(QGPL/UPPER) SRCSTMF('$T/upper.hex') TEXT('to upper case')" >/dev/null 2>&1; ok $? "CRTTBL from a hex source stream file"
out=$("$T/demo" UPPER 2>&1); ok $([ "$out" = "HELLO, WORLD" ]; echo $?) "QDCXLATE with the user table ($out)"
"$B/bin/qcl" "DLTTBL UPPER" >/dev/null 2>&1 && ! "$T/demo" UPPER >/dev/null 2>&1; ok $? "DLTTBL; QDCXLATE then fails (CPF9801)"
exit $fail
