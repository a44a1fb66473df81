#!/bin/bash
# qcl driving single commands: prompts, diagnostics with positions, exit
# status, interactive mode with history.
set -u
B=${QSHIM_BUILD:?}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export QSYS_ROOT=$T/root
Q=$B/bin/qcl
n=0; fail=0
ok() { n=$((n+1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi; }
echo "1..14"

out=$("$Q" 'DSPCMD ?'); ok $? "'DSPCMD ?' exits 0"
echo "$out" | grep -q '^Display Command (DSPCMD)' && echo "$out" | grep -q 'special values: \*ALL'
ok $? "prompt shows the title and special values"

out=$("$Q" 'chgvar ?'); echo "$out" | grep -q 'Valid only in a CL program'
ok $? "prompt of a CL program statement"

"$Q" 'DSPCMD CMD(1X)' >/dev/null 2>"$T/e1"; rc=$?
[ $rc -eq 1 ]; ok $? "invalid value: exit 1"
grep -q "^column 12: CPD0071: Value '1X' for parameter CMD not a valid name." "$T/e1" &&
grep -q '^CPF0001: Error found on DSPCMD command.' "$T/e1"
ok $? "CPD0071 with column, then CPF0001"

"$Q" 'NOSUCHCMD A(1)' 2>"$T/e2" >/dev/null; rc=$?
[ $rc -eq 1 ] && grep -q 'CPD0030: Command NOSUCHCMD in library \*LIBL not found' "$T/e2"
ok $? "unknown command: CPD0030"

"$Q" "DSPCMD CMD('abc" 2>"$T/e3" >/dev/null
grep -q 'column 12: CPD0005' "$T/e3"; ok $? "unbalanced quote: CPD0005 at its column"

"$Q" 'DSPCMD CMD(DSPCMD) CMD(X)' 2>"$T/e4" >/dev/null
grep -q 'column 20: CPD0045: Keyword CMD specified more than once' "$T/e4"; ok $? "duplicate keyword: CPD0045"

"$Q" 'CHGVAR &A 1' 2>"$T/e5" >/dev/null; rc=$?
[ $rc -eq 1 ] && grep -q 'CPD0031: Command CHGVAR not allowed in this setting' "$T/e5"
ok $? "program statement at command level: CPD0031"

"$Q" 'dspcmd /* comment */ cmd(dspcmd)' | grep -q '^Display Command'
ok $? "comments and lower case accepted"

"$Q" -x 2>/dev/null; [ $? -eq 2 ]; ok $? "bad usage: exit 2"

printf 'DSPCMD CMD(+\n   DSPCMD)\nHISTORY\n!1\nBADCMD\n' | "$Q" >"$T/i.out" 2>"$T/i.err"
grep -c '^Display Command (DSPCMD)' "$T/i.out" | grep -q '^2$'
ok $? "interactive: continuation and !1 re-run"
grep -q '1  DSPCMD CMD(DSPCMD)' "$T/i.out"; ok $? "interactive: HISTORY lists the joined command"
grep -q '^DSPCMD CMD(DSPCMD)$' "$QSYS_ROOT/qcl.history" && grep -q '^BADCMD$' "$QSYS_ROOT/qcl.history"
ok $? "history file under the root"

exit $fail
