#!/bin/bash
# STRTCPSVR SERVER(*LPD) / ENDTCPSVR SERVER(*LPD): qlpd started as a daemon
# (pid file in $QSYS_ROOT/run, log in $QSYS_ROOT/log) on the port of the
# service table's "printer" entry (a free loopback port set with ADDSRVTBLE),
# a job sent by an RFC 1179 client lands on QPRINT and is logged; ENDTCPSVR
# ends it.  Then, in a private network namespace where port 515 is free, the
# same through the real Debian client rlpr (which only talks to 515).
set -u
B=${QSHIM_BUILD:?}
T=$(mktemp -d)
export QSYS_ROOT=$T/root QSHIM_BIN=$B/bin
cleanup() {
    [ -f "$QSYS_ROOT/run/qlpd.pid" ] && kill -9 "$(cat "$QSYS_ROOT/run/qlpd.pid")" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
n=0; fail=0
ok() { n=$((n+1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi; }
qcl() { "$B/bin/qcl" "$@"; }

if [ "${QS_LPD_NETNS:-}" = 1 ]; then
    # ---- the rlpr part, in its own network namespace --------------------
    ip link set lo up 2>/dev/null
    echo "1..4"
    qcl 'STRTCPSVR SERVER(*LPD)' > "$T/str" 2>&1; ok $? "STRTCPSVR SERVER(*LPD) on the default port 515"
    sed 's/^/# /' "$T/str"
    for i in $(seq 1 70); do printf 'rlpr line %03d\n' "$i"; done > "$T/r.txt"
    rlpr -N -H 127.0.0.1 -P QPRINT "$T/r.txt" > "$T/rlpr" 2>&1; ok $? "rlpr sends the file"
    sed 's/^/# /' "$T/rlpr"
    qcl 'WRKSPLF SELECT(*ALL)' > "$T/wrk" 2>&1; sed 's/^/# /' "$T/wrk"
    grep -Eq '^QLPD +[A-Z_0-9]+ +QPRINT +.* RDY +2 ' "$T/wrk"; ok $? "the job is spooled file QLPD on QPRINT"
    qcl 'ENDTCPSVR SERVER(*LPD)' 2>&1 && [ ! -f "$QSYS_ROOT/run/qlpd.pid" ]
    ok $? "ENDTCPSVR SERVER(*LPD)"
    exit $fail
fi

echo "1..10"
P=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
qcl "ADDSRVTBLE SERVICE('printer') PORT($P) PROTOCOL('tcp') TEXT('LPD for the test')" >/dev/null 2>&1
ok $? "ADDSRVTBLE printer $P"
qcl 'STRTCPSVR SERVER(*LPD)' > "$T/str" 2>&1; ok $? "STRTCPSVR SERVER(*LPD)"; sed 's/^/# /' "$T/str"
pid=$(cat "$QSYS_ROOT/run/qlpd.pid" 2>/dev/null)
[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; ok $? "qlpd runs, pid file in run/ ($pid)"
qcl 'STRTCPSVR SERVER(*LPD)' > "$T/again" 2>&1
[ $? != 0 ] && grep -q 'already running' "$T/again"; ok $? "a second start is refused"

python3 - "$P" > "$T/py" 2>&1 <<'PY'
import socket, sys
port = int(sys.argv[1])
data = b"".join(b"lpd line %03d\n" % i for i in range(1, 71))
ctl = b"Hclient\nPALICE\nNreport.txt\nldfA001client\n"
s = socket.create_connection(("127.0.0.1", port), timeout=20)
def ack():
    b = s.recv(1)
    if b != b"\x00":
        raise SystemExit("nack %r" % b)
s.sendall(b"\x02QPRINT\n"); ack()
s.sendall(b"\x02%d cfA001client\n" % len(ctl)); ack()
s.sendall(ctl + b"\x00"); ack()
s.sendall(b"\x03%d dfA001client\n" % len(data)); ack()
s.sendall(data + b"\x00"); ack()
s.close()
print("sent")
PY
grep -q sent "$T/py"; ok $? "an RFC 1179 client sends a job to port $P"; sed 's/^/# /' "$T/py"
for _ in $(seq 50); do qcl 'WRKSPLF SELECT(*ALL)' > "$T/wrk" 2>&1; grep -q '^QLPD' "$T/wrk" && break; sleep 0.1; done
sed 's/^/# /' "$T/wrk"
grep -Eq '^QLPD +[A-Z_0-9]+ +QPRINT +ALICE +RDY +2 ' "$T/wrk"; ok $? "spooled file QLPD on QPRINT, user data ALICE, 2 pages"
grep -q 'listening on 127.0.0.1 port '"$P" "$QSYS_ROOT/log/qlpd.log" &&
grep -q 'job from user ALICE: spooled file QLPD 1 on QGPL/QPRINT, 910 bytes' "$QSYS_ROOT/log/qlpd.log"
ok $? "the server log names the job"; sed 's/^/# /' "$QSYS_ROOT/log/qlpd.log"

qcl 'ENDTCPSVR SERVER(*LPD)' > "$T/end" 2>&1; ok $? "ENDTCPSVR SERVER(*LPD)"; sed 's/^/# /' "$T/end"
for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
! kill -0 "$pid" 2>/dev/null && [ ! -f "$QSYS_ROOT/run/qlpd.pid" ]; ok $? "qlpd ended, pid file removed"

if command -v rlpr >/dev/null && unshare -n true 2>/dev/null; then
    rm -rf "$QSYS_ROOT"
    QS_LPD_NETNS=1 unshare -n "$0" > "$T/ns" 2>&1
    rc=$?; sed 's/^/# /' "$T/ns"
    [ $rc = 0 ] && ! grep -q '^not ok' "$T/ns"; ok $? "STRTCPSVR *LPD on 515 with rlpr (own network namespace)"
else
    echo "ok $((n+1)) # SKIP needs rlpr and unshare -n"; n=$((n+1))
fi
exit $fail
