#!/bin/bash
# CPYSPLF TOFILE(lib/file) into a physical file made by CRTPF RCDLEN(n):
# CTLCHAR(*NONE|*FCFC|*PRTCTL), TOMBR, MBROPT(*REPLACE|*ADD), records read
# back with the sqlite3 shell; the *FCFC records spooled again print the
# same text; a missing file is CPF9812 (CPYSPLF does not create it); DLTF.
# Tables made by RUNSQL CREATE TABLE (lib/file and lib.file) with one
# CHAR(n)/VARCHAR(n) column are targets too; other tables, views, a record
# too short for the control characters and a second member are CPF2817.
set -u
B=${QSHIM_BUILD:?}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export QSYS_ROOT=$T/root
n=0; fail=0
ok() { n=$((n+1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi; }
qcl() { "$B/bin/qcl" "$@"; }
sql() { sqlite3 "$QSYS_ROOT/db/QGPL.sqlite" "$@"; }
echo "1..23"

# two pages of 20 lines: text at lines 1, 2, 4, 7 and 19 of page 1, line 1 of page 2
printf '1Header line\n Line two\n0Line four after gap\n-Line seven\n1Page two top\n' > "$T/f.txt"
read -r _ _ job <<< "$("$B/bin/qsplfput" --file RPT --ctlchar fcfc --pagesize 20,40 "$T/f.txt")"
qcl "CPYSPLF FILE(RPT) TOFILE(QGPL/NOFILE) JOB($job)" > "$T/e" 2>&1
[ $? != 0 ] && grep -q CPF9812 "$T/e"; ok $? "no such file: CPF9812"; sed 's/^/# /' "$T/e"

qcl 'CRTPF FILE(QGPL/SPOOLPF) RCDLEN(30) TEXT('"'"'spool copy'"'"')' > "$T/c" 2>&1
ok $? "CRTPF RCDLEN(30)"; sed 's/^/# /' "$T/c"
qcl 'CRTPF FILE(QGPL/SPOOLPF) RCDLEN(30)' > "$T/c2" 2>&1
[ $? != 0 ] && grep -q CPF7302 "$T/c2"; ok $? "CRTPF of an existing file: CPF7302"

qcl "CPYSPLF FILE(RPT) TOFILE(QGPL/SPOOLPF) JOB($job) SPLNBR(*LAST)" 2>"$T/e"
sql "SELECT RRN || '|' || SPOOLPF FROM SPOOLPF WHERE MBR='SPOOLPF' ORDER BY RRN" > "$T/none"
sed 's/^/# /' "$T/none"
printf '%s\n' '1|Header line                   ' '2|Line two                      ' \
  '3|Line four after gap           ' '4|Line seven                    ' '5|Page two top                  ' |
  diff - "$T/none" >/dev/null; ok $? "*NONE: the non-blank lines, CHAR(30) blank-padded"

qcl "CPYSPLF FILE(RPT) TOFILE(QGPL/SPOOLPF) JOB($job) CTLCHAR(*FCFC)" 2>"$T/e"
sql "SELECT rtrim(SPOOLPF) FROM SPOOLPF WHERE MBR='SPOOLPF' ORDER BY RRN" > "$T/fcfc"
sed 's/^/# /' "$T/fcfc"
diff "$T/f.txt" "$T/fcfc" >/dev/null; ok $? "*FCFC with MBROPT(*REPLACE): '1' ' ' '0' '-' records, the member replaced"

"$B/bin/qsplfput" --file AGAIN --ctlchar fcfc --pagesize 20,40 "$T/fcfc" > "$T/again" &&
read -r _ _ job2 < "$T/again" &&
qcl "CPYSPLF FILE(RPT) TOFILE(*TOSTMF) JOB($job) TOSTMF('$T/a.txt')" &&
qcl "CPYSPLF FILE(AGAIN) TOFILE(*TOSTMF) JOB($job2) TOSTMF('$T/b.txt')" && cmp -s "$T/a.txt" "$T/b.txt"
ok $? "the *FCFC records spooled again give the same report"

qcl "CPYSPLF FILE(RPT) TOFILE(QGPL/SPOOLPF) JOB($job) TOMBR(PRT) CTLCHAR(*PRTCTL)" 2>"$T/e"
sql "SELECT '[' || substr(SPOOLPF, 1, 4) || ']' || rtrim(substr(SPOOLPF, 5)) FROM SPOOLPF WHERE MBR='PRT' ORDER BY RRN" > "$T/prt"
sed 's/^/# /' "$T/prt"
printf '%s\n' '[001 ]Header line' '[   1]Line two' '[   2]Line four after gap' '[   3]Line seven' \
  '[001 ]Page two top' | diff - "$T/prt" >/dev/null
ok $? "*PRTCTL into member PRT: skip-before/space-before in 4 bytes"

qcl "CPYSPLF FILE(RPT) TOFILE(QGPL/SPOOLPF) JOB($job) TOMBR(PRT) MBROPT(*ADD)" 2>"$T/e"
[ "$(sql "SELECT count(*), max(RRN) FROM SPOOLPF WHERE MBR='PRT'")" = "10|10" ] &&
[ "$(sql "SELECT count(*) FROM SPOOLPF WHERE MBR='SPOOLPF'")" = 5 ]
ok $? "MBROPT(*ADD) appends after RRN 5; the other member untouched"

for i in $(seq 1 5); do printf 'a line of sixty characters ....................... %04d\n' "$i"; done > "$T/w.txt"
read -r _ _ job3 <<< "$("$B/bin/qsplfput" --file WIDE "$T/w.txt")"
qcl "CPYSPLF FILE(WIDE) TOFILE(QGPL/SPOOLPF) JOB($job3) TOMBR(WIDE)" 2>"$T/e"
r=$(sql "SELECT length(SPOOLPF) || '|' || SPOOLPF FROM SPOOLPF WHERE MBR='WIDE' AND RRN=1"); echo "# $r"; [ "$r" = "30|a line of sixty characters ..." ]
ok $? "lines longer than the record are cut at RCDLEN"

qcl 'DLTF FILE(QGPL/SPOOLPF)' > "$T/d" 2>&1
[ $? = 0 ] && [ -z "$(sql "SELECT name FROM sqlite_master WHERE name='SPOOLPF'")" ]
ok $? "DLTF removes the file and its records"
qcl "CPYSPLF FILE(RPT) TOFILE(SPOOLPF) JOB($job)" > "$T/e" 2>&1
[ $? != 0 ] && grep -q CPF9812 "$T/e"; ok $? "after DLTF: CPF9812 again"

# --- tables made by RUNSQL ---
qcl "RUNSQL SQL('CREATE TABLE QGPL/SQLLINES (LINE CHAR(25))') COMMIT(*NONE)" 2>"$T/e"
ok $? "RUNSQL CREATE TABLE QGPL/SQLLINES (LINE CHAR(25))"; sed 's/^/# /' "$T/e"
qcl "CPYSPLF FILE(RPT) TOFILE(QGPL/SQLLINES) JOB($job) CTLCHAR(*FCFC)" > "$T/e" 2>&1
ok $? "CPYSPLF CTLCHAR(*FCFC) into the SQL table"; sed 's/^/# /' "$T/e"
sql "SELECT length(LINE) || '|' || rtrim(LINE) FROM SQLLINES ORDER BY rowid" > "$T/sq"
sed 's/^/# /' "$T/sq"
sed 's/^/25|/' "$T/f.txt" | diff - "$T/sq" >/dev/null
ok $? "records in arrival order, CHAR(25) blank-padded, the *FCFC controls in column 1"

qcl "CPYSPLF FILE(RPT) TOFILE(SQLLINES) JOB($job) MBROPT(*ADD)" 2>"$T/e" &&
[ "$(sql "SELECT count(*) FROM SQLLINES")" = 10 ] &&
[ "$(sql "SELECT rtrim(LINE) FROM SQLLINES ORDER BY rowid LIMIT 1 OFFSET 5")" = "Header line" ]
ok $? "TOFILE(*LIBL) MBROPT(*ADD): five more rows after the first five"
qcl "CPYSPLF FILE(RPT) TOFILE(QGPL/SQLLINES) JOB($job) TOMBR(SQLLINES)" 2>"$T/e" &&
[ "$(sql "SELECT count(*) FROM SQLLINES")" = 5 ]
ok $? "TOMBR(name of the file) MBROPT(*REPLACE): the rows replaced"

qcl "RUNSQL SQL('CREATE TABLE QGPL.VLINES (TXT VARCHAR(20))') NAMING(*SQL) COMMIT(*NONE)" 2>"$T/e" &&
qcl "CPYSPLF FILE(WIDE) TOFILE(QGPL/VLINES) JOB($job3) CTLCHAR(*PRTCTL)" 2>"$T/e"
r=$(sql "SELECT length(TXT) || '|' || TXT FROM VLINES ORDER BY rowid" | head -2 | tr '\n' '/'); echo "# $r"
[ "$r" = "20|001 a line of sixty /20|   1a line of sixty /" ]
ok $? "NAMING(*SQL) lib.file VARCHAR(20): 4 control bytes + the line cut at 20"

refused() {   # $1 description, $2 reason text, rest: CPYSPLF arguments
  local what=$1 why=$2; shift 2
  qcl "CPYSPLF FILE(RPT) JOB($job) $*" > "$T/e" 2>&1
  [ $? != 0 ] && grep -q "CPF2817.*$why" "$T/e"; ok $? "$what: CPF2817"; sed 's/^/# /' "$T/e"
}
qcl "RUNSQL SQL('CREATE TABLE QGPL/TWOCOL (A CHAR(10), B CHAR(10))') COMMIT(*NONE)" &&
qcl "RUNSQL SQL('CREATE TABLE QGPL/NUMS (N INTEGER)') COMMIT(*NONE)" &&
qcl "RUNSQL SQL('CREATE VIEW QGPL/SQLVIEW AS SELECT LINE FROM SQLLINES') COMMIT(*NONE)" &&
qcl "RUNSQL SQL('CREATE TABLE QGPL/TINY (C CHAR(1))') COMMIT(*NONE)" || echo "# setup failed"
refused "a table with two fields" "more than one field" "TOFILE(QGPL/TWOCOL)"
refused "an INTEGER field" "not CHAR" "TOFILE(QGPL/NUMS)"
refused "a view" "view" "TOFILE(QGPL/SQLVIEW)"
refused "CHAR(1) with CTLCHAR(*FCFC)" "control characters" "TOFILE(QGPL/TINY) CTLCHAR(*FCFC)"
refused "a second member of an SQL table" "one member" "TOFILE(QGPL/SQLLINES) TOMBR(OTHER)"
[ "$(sql "SELECT count(*) FROM SQLLINES")" = 5 ] && [ "$(sql "SELECT count(*) FROM TINY")" = 0 ]
ok $? "a refused copy changes nothing"
exit $fail
