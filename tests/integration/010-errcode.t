#!/bin/bash
# The error code parameter as IBM documents it, from a real C program
# (samples/errcode_demo.c) compiled with pkg-config against the build tree.
set -u
B=${QSHIM_BUILD:?}; S=${QSHIM_SRC:?}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export QSYS_ROOT=$T/root
n=0; fail=0
ok() { n=$((n+1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi; }
echo "1..12"

cc -Wall -Werror -o "$T/demo" "$S/samples/errcode_demo.c" \
   $(PKG_CONFIG_PATH=$B/pkgconfig pkg-config --cflags --libs qshim) 2>"$T/cc.err"
ok $? "sample compiles with -Wall -Werror via pkg-config"; cat "$T/cc.err" | sed 's/^/# /'

"$T/demo" 0 >"$T/out0" 2>"$T/err0"; rc=$?
[ $rc -eq 1 ]; ok $? "Bytes_Provided 0: program ends with exit status 1 (got $rc)"
grep -q 'CPF1015.*Data area NOSUCH in QGPL not found' "$T/err0"; ok $? "Bytes_Provided 0: message on stderr"
! grep -q available "$T/out0"; ok $? "Bytes_Provided 0: code after the call did not run"
grep -q 'CPF1015 \*ESCAPE' "$QSYS_ROOT"/joblog/*.log && grep -q 'CEE9901 \*ESCAPE' "$QSYS_ROOT"/joblog/*.log
ok $? "Bytes_Provided 0: escape and CEE9901 in the job log"

out=$("$T/demo" 8); ok $([ "$out" = "available=36 id=------- data=[]" ]; echo $?) "Bytes_Provided 8: only Bytes_Available ($out)"
out=$("$T/demo" 16); ok $([ "$out" = "available=36 id=CPF1015 data=[]" ]; echo $?) "Bytes_Provided 16: id, no data ($out)"
out=$("$T/demo" 64); ok $([ "$out" = "available=36 id=CPF1015 data=[NOSUCH    QGPL      ]" ]; echo $?) "Bytes_Provided 64: id and data ($out)"
out=$("$T/demo" 30); ok $([ "$out" = "available=36 id=CPF1015 data=[NOSUCH    QGPL]" ]; echo $?) "Bytes_Provided 30: data cut to fit ($out)"

"$T/demo" 5 >/dev/null 2>"$T/err5"; rc=$?
[ $rc -eq 1 ] && grep -q CPF3CF1 "$T/err5"; ok $? "Bytes_Provided 5: CPF3CF1 escape"
"$T/demo" -2 >/dev/null 2>"$T/errm"; rc=$?
[ $rc -eq 1 ] && grep -q CPF3CF1 "$T/errm"; ok $? "Bytes_Provided -2: CPF3CF1 escape"

out=$("$T/demo" monitor); rc=$?
[ $rc -eq 0 ] && [ "$out" = "monitored CPF1015: Data area NOSUCH in QGPL not found." ]
ok $? "QS_MONITOR catches the escape ($out)"
exit $fail
