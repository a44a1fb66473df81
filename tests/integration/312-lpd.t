#!/bin/bash
# The LPD server (qlpd, RFC 1179) with a real client: rlpr sends a file to
# queue QPRINT and it lands as a spooled file (WRKSPLF, CPYSPLF gives the
# bytes back).  rlpr can only talk to port 515, so the test runs in its own
# network namespace (unshare -n): the port is private to it, no clash.
# Then raw protocol abuse: unknown queue, a count too large, a line too long.
set -u
B=${QSHIM_BUILD:?}; S=${QSHIM_SRC:?}
if [ "${QS_LPD_NETNS:-}" != 1 ]; then
    if ! command -v rlpr >/dev/null || ! unshare -n true 2>/dev/null; then
        echo "1..0 # SKIP needs rlpr and unshare -n"; exit 0
    fi
    exec env QS_LPD_NETNS=1 unshare -n "$0" "$@"
fi
ip link set lo up 2>/dev/null
T=$(mktemp -d); PID=
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$T"' EXIT
export QSYS_ROOT=$T/root
n=0; fail=0
ok() { n=$((n+1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi; }
echo "1..8"

"$B/bin/qlpd" > "$T/out" 2>"$T/err" & PID=$!
for _ in $(seq 50); do grep -q listening "$T/out" && break; sleep 0.1; done
grep -q 'lpd=515' "$T/out"; ok $? "qlpd listens on the lpd port (515, service table default)"; sed 's/^/# /' "$T/err"

for i in $(seq 1 80); do printf 'LPD line %03d  some report text\n' "$i"; done > "$T/report.txt"
rlpr -N -H 127.0.0.1 -P QPRINT "$T/report.txt" >"$T/rlpr.out" 2>&1
ok $? "rlpr sends the file"; sed 's/^/# /' "$T/rlpr.out"

"$B/bin/qcl" 'WRKSPLF SELECT(*ALL)' > "$T/wrk" 2>&1; sed 's/^/# /' "$T/wrk"
grep -Eq '^QLPD +[A-Z_0-9]+ +QPRINT +.* RDY +2 ' "$T/wrk"; ok $? "WRKSPLF lists QLPD on QPRINT, RDY, 2 pages"
job=$(awk '$1=="QLPD"{print $(NF-2) "/" $(NF-3) "/" $(NF-4); exit}' "$T/wrk")
"$B/bin/qcl" "CPYSPLF FILE(QLPD) TOFILE(*TOSTMF) JOB($job) SPLNBR(*LAST) TOSTMF('$T/back.txt')" 2>"$T/cpy.err"
cmp -s "$T/report.txt" "$T/back.txt"; ok $? "CPYSPLF gives the bytes back ($job)"; sed 's/^/# /' "$T/cpy.err"

python3 - "$T" > "$T/py.out" 2>&1 <<'PY'
import socket, sys
def talk(data):
    s = socket.create_connection(("127.0.0.1", 515), timeout=10)
    s.sendall(data)
    s.shutdown(socket.SHUT_WR)
    out = b""
    while True:
        b = s.recv(4096)
        if not b: break
        out += b
    s.close()
    return out
r = talk(b"\x02NOSUCHQ\n")
print("unknownq", "ok" if r == b"\x01" else repr(r))
r = talk(b"\x02QPRINT\n\x039999999999999 dfA\n")
print("bigcount", "ok" if r == b"\x00\x01" else repr(r))
r = talk(b"\x02QPRINT\n" + b"\x02" + b"9" * 5000 + b"\n")
print("longline", "ok" if r == b"\x00" else repr(r))
r = talk(b"\x04QPRINT\n")
print("state", "ok" if b"QGPL/QPRINT" in r else repr(r))
PY
sed 's/^/# /' "$T/py.out"
grep -q 'unknownq ok' "$T/py.out"; ok $? "unknown queue: negative ack"
grep -q 'bigcount ok' "$T/py.out"; ok $? "file count past the limit: negative ack, closed"
grep -q 'longline ok' "$T/py.out"; ok $? "over-long line: connection closed"
grep -q 'state ok' "$T/py.out"; ok $? "queue state answer"
exit $fail
