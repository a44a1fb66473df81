#!/bin/bash
# splf2pdf against real PDF tools: qpdf --check, pdfinfo, pdftotext -layout,
# pdffonts, pdftoppm.  The text of every page must come back line for line
# (pdftotext's layout squeezes some runs of blanks, so lines are compared
# with blanks squeezed; column alignment is checked separately).
set -u
B=${QSHIM_BUILD:-build}/bin
S=${QSHIM_SRC:-.}
T=$(mktemp -d /tmp/qs-spool-XXXXXX)
trap 'rm -rf "$T"' EXIT
n=0
ok()   { n=$((n+1)); echo "ok $n - $1"; }
nok()  { n=$((n+1)); echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else nok "$1"; fi; }
squeeze() { sed -e 's/[[:space:]]\+/ /g' -e 's/^ //' -e 's/ $//' | grep -v '^$'; }

python3 "$S/bench/mkspool.py" --fcfc 5 > "$T/r.fcfc"
python3 "$S/bench/mkspool.py" --scs 5 > "$T/r.scs"
python3 "$S/bench/mkspool.py" --text 5 > "$T/r.txt"

for kind in fcfc scs none; do
  in=$T/r.$kind; [ $kind = none ] && in=$T/r.txt
  check "$kind: splf2pdf exits 0" "'$B/splf2pdf' --ctlchar $kind --title 'Invoice run' --author QPGMR '$in' '$T/$kind.pdf' 2>'$T/$kind.err'"
  check "$kind: qpdf --check" "qpdf --check '$T/$kind.pdf' >/dev/null 2>&1"
  check "$kind: 5 pages" "pdfinfo '$T/$kind.pdf' | grep -q '^Pages: *5$'"
  check "$kind: landscape A4" "pdfinfo '$T/$kind.pdf' | grep -q 'Page size: *841.89 x 595.28'"
  pdftotext -layout "$T/$kind.pdf" "$T/$kind.out"
  check "$kind: pdftotext gives the lines back" "diff <(squeeze < '$T/r.txt') <(tr -d '\f' < '$T/$kind.out' | squeeze) >/dev/null"
  check "$kind: one page per form feed" "[ \$(tr -cd '\f' < '$T/$kind.out' | wc -c) -eq 5 ]"
done

# columns: the right edge of AMOUNT is at the same column on every item line
check "columns aligned" "[ \$(grep -E '^ +[0-9]+ +ITM-' '$T/fcfc.out' | awk '{ m = match(\$0, /[0-9]+\\.[0-9][0-9] +T[0-9]/); print m + index(substr(\$0, m), \" \") }' | sort -u | wc -l) -eq 1 ]"
check "metadata" "pdfinfo '$T/fcfc.pdf' | grep -q '^Title: *Invoice run' && pdfinfo '$T/fcfc.pdf' | grep -q '^Author: *QPGMR' && pdfinfo '$T/fcfc.pdf' | grep -q '^Creator: *qshim splf2pdf' && pdfinfo '$T/fcfc.pdf' | grep -q '^CreationDate:'"
check "one bookmark per page" "[ \$(qpdf --json --json-key=outlines '$T/fcfc.pdf' | grep -c '\"title\": \"Page') -eq 5 ]"
check "bookmark groups" "'$B/splf2pdf' --group-pages 2 --ctlchar fcfc '$T/r.fcfc' '$T/g.pdf' 2>/dev/null && [ \$(qpdf --json --json-key=outlines '$T/g.pdf' | grep -c '\"title\": \"Pages') -eq 3 ]"
check "Latin text uses built-in Courier, nothing embedded" "pdffonts '$T/fcfc.pdf' | grep -q 'Courier .*Type 1 .*WinAnsi .*no' && ! pdffonts '$T/fcfc.pdf' | grep -q ' yes '"
check "content streams compressed" "[ \$(grep -ao '/FlateDecode' '$T/fcfc.pdf' | wc -l) -ge 5 ] && [ \$(stat -c %s '$T/fcfc.pdf') -lt \$(stat -c %s '$T/r.txt') ]"

# portrait 80 columns, Letter
printf ' %s\n' "$(printf 'X%.0s' $(seq 1 80))" > "$T/p80.fcfc"
check "80 columns portrait Letter" "'$B/splf2pdf' --ctlchar fcfc --pagesize 66,80 --letter '$T/p80.fcfc' '$T/p80.pdf' && pdfinfo '$T/p80.pdf' | grep -q 'Page size: *612 x 792' && pdftotext -layout '$T/p80.pdf' - | grep -q '^X\{80\}$'"

# non-Latin: Greek, Cyrillic, CJK through embedded TrueType subsets
printf 'Greek: Καλημέρα κόσμε\nCyrillic: Здравствуй, мир\nCJK: 日本語の請求書 中文发票\nMixed: total €12,50 Ω\n' > "$T/u.txt"
check "non-Latin: splf2pdf" "'$B/splf2pdf' --pagesize 66,80 '$T/u.txt' '$T/u.pdf'"
check "non-Latin: qpdf --check" "qpdf --check '$T/u.pdf' >/dev/null 2>&1"
check "non-Latin: text comes back" "diff <(squeeze < '$T/u.txt') <(pdftotext -layout '$T/u.pdf' - | tr -d '\f' | squeeze) >/dev/null"
check "non-Latin: embedded subset fonts with ToUnicode" "pdffonts '$T/u.pdf' | grep -q 'DejaVuSansMono *CID TrueType *Identity-H *yes yes yes'"
if [ -f /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf ]; then
  check "CJK: fallback font embedded" "pdffonts '$T/u.pdf' | grep -q 'DroidSansFallbackFull *CID TrueType *Identity-H *yes yes yes'"
else
  ok "CJK: fallback font embedded # SKIP fonts-droid-fallback not installed"
fi
check "renders in poppler" "pdftoppm -png -r 30 -f 1 -l 1 '$T/u.pdf' '$T/u' && [ -s '$T/u-1.png' ]"

# bad input: never a crash, a diagnostic naming the offset
printf 'XA\nYB\n C\n' > "$T/bad.fcfc"
check "bad FCFC code: diagnostic once, text kept" "'$B/splf2pdf' --ctlchar fcfc '$T/bad.fcfc' '$T/bad.pdf' 2>'$T/bad.err' && grep -q 'offset 0: CPF4916' '$T/bad.err' && [ \$(grep -c CPF4916 '$T/bad.err') -eq 1 ] && pdftotext '$T/bad.pdf' - | grep -q C"
printf '\xc1\xc2\x2b\xd2\x09\x29' > "$T/cut.scs"
check "truncated SCS: diagnostic with offset" "'$B/splf2pdf' --ctlchar scs '$T/cut.scs' '$T/cut.pdf' 2>'$T/cut.err' && grep -q 'offset 2:' '$T/cut.err' && qpdf --check '$T/cut.pdf' >/dev/null 2>&1"
: > "$T/empty"
check "zero pages: a valid one-page PDF" "'$B/splf2pdf' '$T/empty' '$T/empty.pdf' && qpdf --check '$T/empty.pdf' >/dev/null 2>&1 && pdfinfo '$T/empty.pdf' | grep -q '^Pages: *1$'"
head -c 300000 /dev/urandom > "$T/rand"
check "random bytes as SCS" "'$B/splf2pdf' --quiet --ctlchar scs '$T/rand' '$T/rand.pdf' && qpdf --check '$T/rand.pdf' >/dev/null 2>&1"
check "random bytes as FCFC" "'$B/splf2pdf' --quiet --ctlchar fcfc '$T/rand' '$T/rand2.pdf' && qpdf --check '$T/rand2.pdf' >/dev/null 2>&1"
check "huge page width refused" "! '$B/splf2pdf' --pagesize 66,100000 '$T/u.txt' '$T/x.pdf' 2>/dev/null && [ ! -e '$T/x.pdf' ]"
check "widest page (378) accepted" "'$B/splf2pdf' --pagesize 66,378 '$T/u.txt' '$T/w.pdf' && qpdf --check '$T/w.pdf' >/dev/null 2>&1"
check "missing input: error, no output" "! '$B/splf2pdf' '$T/nope' '$T/nope.pdf' 2>'$T/nope.err' && grep -q CPE3025 '$T/nope.err' && [ ! -e '$T/nope.pdf' ]"
# EBCDIC SCS in Greek (875), Cyrillic (1025) and Japanese mixed DBCS (939)
# through the ccsid layer (qiconv makes the EBCDIC), back out of the PDF
for cc in 875 1025 939; do
  case $cc in
    875) txt='Τιμολόγιο αρ. 42  Σύνολο 12,50' ;;
    1025) txt='Счёт № 42  Итого 12,50' ;;
    939) txt='Invoice 請求書 合計 12,50' ;;
  esac
  printf '%s\n' "$txt" | "$B/qiconv" -f 1208 -t $cc --text > "$T/e$cc.scs"
  check "SCS CCSID $cc to PDF and back" "'$B/splf2pdf' --ctlchar scs --ccsid $cc '$T/e$cc.scs' '$T/e$cc.pdf' && qpdf --check '$T/e$cc.pdf' >/dev/null 2>&1 && [ \"\$(pdftotext -layout '$T/e$cc.pdf' - | tr -d '\f' | squeeze)\" = \"\$(printf '%s\n' \"$txt\" | squeeze)\" ]"
done

# AES-256 encryption (R6) with a user password
printf 'open sesame\n' > "$T/pw"
check "encrypted: splf2pdf" "'$B/splf2pdf' --ctlchar fcfc --title 'Secret invoices' --user-password-file '$T/pw' '$T/r.fcfc' '$T/enc.pdf' 2>/dev/null"
check "encrypted: qpdf --show-encryption says AES-256 R6" "qpdf --show-encryption --password='open sesame' '$T/enc.pdf' | grep -q '^R = 6' && qpdf --show-encryption --password='open sesame' '$T/enc.pdf' | grep -q 'stream encryption method: AESv3'"
check "encrypted: qpdf --check with the password" "qpdf --check --password='open sesame' '$T/enc.pdf' >/dev/null 2>&1"
check "encrypted: pdftotext -upw right password gives the text" "diff <(squeeze < '$T/r.txt') <(pdftotext -layout -upw 'open sesame' '$T/enc.pdf' - | tr -d '\f' | squeeze) >/dev/null"
check "encrypted: wrong password refused" "! pdftotext -upw 'wrong' '$T/enc.pdf' - >/dev/null 2>&1"
check "encrypted: no password refused" "! pdftotext '$T/enc.pdf' - >/dev/null 2>&1"
check "encrypted: metadata encrypted too" "! grep -aq 'Secret invoices' '$T/enc.pdf' && pdfinfo -upw 'open sesame' '$T/enc.pdf' | grep -q '^Title: *Secret invoices'"
check "encrypted: non-Latin fonts" "'$B/splf2pdf' --user-password-file '$T/pw' '$T/u.txt' '$T/encu.pdf' && diff <(squeeze < '$T/u.txt') <(pdftotext -layout -upw 'open sesame' '$T/encu.pdf' - | tr -d '\f' | squeeze) >/dev/null"
echo "1..$n"
