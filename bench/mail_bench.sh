#!/bin/bash
# Mail server throughput, against the real peers in the same run:
#  1. SMTP receive, durable: Postfix's smtp-source -d against qsmtpd --msf
#     (MSF queue fsyncs before the 250, workers deliver to a Maildir at the
#     same time), against a private Postfix instance (own queue in a temp
#     directory, discard: transport), and against smtp-sink (no disk: the
#     ceiling of the client on this machine);
#  2. POP3 RETR of the same generated Maildir (1,000 messages of ~4 KB)
#     from qpop3d and from a private Dovecot pop3d: poplib one RETR at a
#     time, and a raw socket with all RETRs pipelined.
# Every port is picked free at start (bind to port 0); every process and the
# temp directory are removed on exit.  Prints a Markdown section.
# Counts per run (3 runs each): MAIL_BENCH_N1 (1 session, default 600),
# MAIL_BENCH_N10 (10 sessions 1 KB, 2000), MAIL_BENCH_NBIG (10 x 100 KB, 500).
# MAIL_BENCH_ONLY=smtp or pop3 runs one part alone (default: both).
set -eu
cd "$(dirname "$0")/.."
BUILD=${QSHIM_BUILD:-$PWD/build}
B=$BUILD/bin
N1=${MAIL_BENCH_N1:-600}
N10=${MAIL_BENCH_N10:-2000}
NBIG=${MAIL_BENCH_NBIG:-500}
NPOP=1000
ONLY=${MAIL_BENCH_ONLY:-all}
case $ONLY in all|smtp|pop3) ;; *) echo "MAIL_BENCH_ONLY: all, smtp or pop3" >&2; exit 2 ;; esac
T=$(mktemp -d /tmp/qs-mail-bench-XXXXXX)
PF=$T/pf
DC=$T/dc
QPIDS=()
SINKPID=""
cleanup() {
  for p in "${QPIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${QPIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  [ -f "$PF/etc/main.cf" ] && postfix -c "$PF/etc" stop >/dev/null 2>&1 || true
  [ -n "$SINKPID" ] && { kill "$SINKPID" 2>/dev/null; wait "$SINKPID" 2>/dev/null; } || true
  [ -f "$DC/run/master.pid" ] && kill "$(cat "$DC/run/master.pid")" 2>/dev/null || true
  rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
chmod 755 "$T"
export QSYS_ROOT=$T/root
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
freeport() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# wait until a TCP port accepts connections
waitport() {
  python3 - "$1" <<'PY'
import socket, sys, time
for _ in range(200):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1).close(); sys.exit(0)
    except OSError:
        time.sleep(0.05)
sys.exit(1)
PY
}
# start a qshim server that prints "name: listening k=v ..."; sets PORT
startq() {
  local out=$T/$1.out line="" i
  "$B/$1" "${@:2}" > "$out" 2> "$T/$1.err" &
  QPIDS+=($!)
  for i in $(seq 200); do
    line=$(head -n1 "$out"); [ -n "$line" ] && break; sleep 0.05
  done
  PORT=$(echo "$line" | sed -n 's/.*: listening [a-z0-9]*=\([0-9]*\).*/\1/p')
  [ -n "$PORT" ] || { echo "$1 did not start: $line $(cat "$T/$1.err")" >&2; exit 1; }
}

# --- qshim system root ------------------------------------------------------
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/key.pem" -out "$T/cert.pem" -days 2 \
    -subj /CN=qshim.test >/dev/null 2>&1
chmod 600 "$T/key.pem"
"$B/qmailadm" chgsmtpa HOSTNAME qshim.test >/dev/null
"$B/qmailadm" crtusrprf BOB secret1 >/dev/null
"$B/qmailadm" addusrsmtp BOB bob qshim.test >/dev/null
"$B/qmailadm" crtusrprf ALICE secret1 >/dev/null
"$B/qmailadm" addusrsmtp ALICE alice qshim.test >/dev/null
TLS=(--cert "$T/cert.pem" --key "$T/key.pem")
BOXQ=$QSYS_ROOT/mail/box/BOB/Maildir
maildir_count() { find "$1/new" "$1/cur" -type f 2>/dev/null | wc -l; }

if [ "$ONLY" != pop3 ]; then
# --- private Postfix instance (config as in peer-baselines.md) --------------
PFPORT=$(freeport)
mkdir -p "$PF"/{etc,data,spool}; chown postfix "$PF/data"; chmod 755 "$PF" "$PF/spool"
cat > "$PF/etc/main.cf" <<CF
compatibility_level = 3.6
config_directory = $PF/etc
queue_directory = $PF/spool
data_directory = $PF/data
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = baseline.localdomain
mydestination = localhost, baseline.localdomain
mynetworks = 127.0.0.0/8
local_recipient_maps =
local_transport = discard:baseline
default_transport = discard:baseline
relay_transport = discard:baseline
alias_maps =
maillog_file = $PF/maillog
maillog_file_prefixes = /var, /dev/stdout, $T
CF
sed -e 's/^\([a-z]*[ \t]*\(unix\|inet\|fifo\|pass\|unix-dgram\)[ \t]*[-ny][ \t]*[-ny][ \t]*\)[-ny]/\1n/' \
    -e '/^smtp[ \t]*inet/d' /etc/postfix/master.cf > "$PF/etc/master.cf"
echo "127.0.0.1:$PFPORT inet n - n - - smtpd" >> "$PF/etc/master.cf"
postfix -c "$PF/etc" check >/dev/null 2>&1 || { script -qc "postfix -c $PF/etc check" /dev/null >&2; exit 1; }
postfix -c "$PF/etc" start >/dev/null 2>&1 || { script -qc "postfix -c $PF/etc start" /dev/null >&2; exit 1; }
waitport "$PFPORT"
pf_queued() { find "$PF/spool/incoming" "$PF/spool/active" "$PF/spool/deferred" "$PF/spool/maildrop" -type f 2>/dev/null | wc -l; }

SINKPORT=$(freeport)
smtp-sink -u nobody "127.0.0.1:$SINKPORT" 256 & SINKPID=$!
waitport "$SINKPORT"

startq qsmtpd --port 0 --submission -1 --smtps -1 --bind 127.0.0.1 "${TLS[@]}" --msf
QSPORT=$PORT
QSMTPD_PID=${QPIDS[-1]}

# CPU ticks (user+sys) used so far by a server: qsmtpd with its MSF workers;
# Postfix's master, its live children and the children it has reaped
# (smtpd, cleanup, qmgr, discard ...).  smtp-source's own CPU is in neither.
PFMASTER=$(tr -d ' ' < "$PF/spool/pid/master.pid")
cpu_ticks() {
  case $1 in
    q) awk '{ print $14 + $15 }' "/proc/$QSMTPD_PID/stat" ;;
    p) local t c
       t=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$PFMASTER/stat")
       for c in $(pgrep -P "$PFMASTER"); do
         t=$((t + $(awk '{ print $14 + $15 }' "/proc/$c/stat" 2>/dev/null || echo 0)))
       done
       echo "$t" ;;
    *) echo 0 ;;
  esac
}
HZ=$(getconf CLK_TCK)

# one smtp-source run; prints "accept_s drained_s rc cpu_ms_per_msg"
src() {
  local target=$1 port=$2 s=$3 n=$4 l=$5 rcpt=$6 before a acc rc=0 c0
  before=0
  [ "$target" = q ] && before=$(maildir_count "$BOXQ")
  c0=$(cpu_ticks "$target")
  a=$(now)
  smtp-source -d -s "$s" -m "$n" -l "$l" -f bench@localhost -t "$rcpt" "127.0.0.1:$port" >/dev/null 2>&1 || rc=$?
  acc=$(since "$a")
  case $target in
    q) while [ "$(maildir_count "$BOXQ")" -lt $((before + n)) ]; do
         [ "$(since "$a" | cut -d. -f1)" -ge 120 ] && break; sleep 0.02; done ;;
    p) while [ "$(pf_queued)" -gt 0 ]; do
         [ "$(since "$a" | cut -d. -f1)" -ge 120 ] && break; sleep 0.02; done ;;
  esac
  echo "$acc $(since "$a") $rc $(awk -v t=$(( $(cpu_ticks "$target") - c0 )) -v hz="$HZ" -v n="$n" \
        'BEGIN { printf "%.3f", t * 1000 / hz / n }')"
}

med3() { printf '%s\n' "$@" | sort -g | sed -n 2p; }
smtp_rows=""
cpu_rows=""
smtp_fail=0
for cfg in "1 $N1 1024" "10 $N10 1024" "10 $NBIG 102400"; do
  set -- $cfg
  qa=() qd=() pa=() pd=() ka=() qc=() pc=()
  for _ in 1 2 3; do   # interleaved: qshim, Postfix, sink, three times
    read -r x y rc c < <(src q "$QSPORT" "$1" "$2" "$3" bob@qshim.test); qa+=("$x") qd+=("$y") qc+=("$c")
    [ "$rc" = 0 ] || smtp_fail=1
    read -r x y rc c < <(src p "$PFPORT" "$1" "$2" "$3" foo@localhost); pa+=("$x") pd+=("$y") pc+=("$c")
    [ "$rc" = 0 ] || smtp_fail=1
    read -r x _ rc _ < <(src k "$SINKPORT" "$1" "$2" "$3" foo@localhost); ka+=("$x")
    [ "$rc" = 0 ] || smtp_fail=1
  done
  qr=$(rate "$2" "$(med3 "${qa[@]}")"); pr=$(rate "$2" "$(med3 "${pa[@]}")"); kr=$(rate "$2" "$(med3 "${ka[@]}")")
  smtp_rows+="| $1 | $2 | $(($3 / 1024)) KB | **$qr** ($(rate "$2" "$(med3 "${qd[@]}")") delivered) | $pr ($(rate "$2" "$(med3 "${pd[@]}")") drained) | $kr | **$(ratio "$qr" "$pr")×** | $(ratio "$qr" "$kr") |"$'\n'
  cpu_rows+="| $1 | $2 | $(($3 / 1024)) KB | $(med3 "${qc[@]}") | $(med3 "${pc[@]}") | **$(ratio "$(med3 "${pc[@]}")" "$(med3 "${qc[@]}")")×** |"$'\n'
done
delivered=$(maildir_count "$BOXQ")
pf_sent=$(grep -c 'status=sent' "$PF/maillog" || true)
qlog=$(grep -c . "$T/qsmtpd.err" || true)

fi

if [ "$ONLY" != smtp ]; then
# --- POP3: the same Maildir served by qpop3d and by Dovecot -----------------
mkdir -p "$DC"/{run,state} "$DC/mail/bench/Maildir"/{cur,new,tmp}
python3 - "$DC/mail/bench/Maildir/cur" "$NPOP" <<'PY'
import os, random, sys, time
d, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(1)
words = "invoice order shipment total amount customer balance due remit account net terms".split()
t0 = int(time.time()) - n
for i in range(n):
    body = []
    while sum(len(x) + 1 for x in body) < 3600:
        body.append(" ".join(rnd.choice(words) for _ in range(10)))
    msg = (f"Return-Path: <sender{i}@example.test>\nFrom: sender{i}@example.test\n"
           f"To: bench@example.test\nSubject: message {i}\n"
           f"Message-ID: <{i}.bench@example.test>\n\n" + "\n".join(body) + "\n")
    name = os.path.join(d, f"{t0 + i}.M{i}P1.bench:2,S")
    with open(name, "w") as f:
        f.write(msg)
    os.utime(name, (t0 + i, t0 + i))
PY
popbytes=$(cat "$DC/mail/bench/Maildir/cur"/* | wc -c)
QBOX=$QSYS_ROOT/mail/box/ALICE/Maildir
mkdir -p "$QBOX"/{cur,new,tmp}
cp -p "$DC/mail/bench/Maildir/cur"/* "$QBOX/cur/"
chown -R nobody:nogroup "$DC/mail"
echo 'bench:{PLAIN}benchpass::::::' > "$DC/passwd"
DCPORT=$(freeport)
cat > "$DC/dovecot.conf" <<CF
base_dir = $DC/run
state_dir = $DC/state
protocols = pop3
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
log_path = $DC/dovecot.log
info_log_path = $DC/dovecot.info
pop3_uidl_format = %08Xu%08Xv
mail_location = maildir:$DC/mail/%u/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $DC/passwd
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=$DC/mail/%u
}
service pop3-login {
  inet_listener pop3 {
    address = 127.0.0.1
    port = $DCPORT
  }
}
service imap-login {
  inet_listener imap {
    port = 0
  }
  inet_listener imaps {
    port = 0
  }
}
CF
dovecot -c "$DC/dovecot.conf"
waitport "$DCPORT"
startq qpop3d --port 0 --pop3s -1 --bind 127.0.0.1 "${TLS[@]}"
QPPORT=$PORT

# qshim and Dovecot, interleaved: a warm-up of each (Dovecot builds its index
# and uidlist on first access; the warm-up also checks that both servers send
# the same lines for every message), then MAIL_BENCH_POP_RUNS rounds of
# (qshim serial, Dovecot serial, qshim pipelined, Dovecot pipelined).
# Prints "msg/s MB/s" medians: q serial, d serial, q pipelined, d pipelined.
popbench() {
  python3 - "$QPPORT" "$DCPORT" "$NPOP" "${MAIL_BENCH_POP_RUNS:-3}" "$T/pop.raw" <<'PY'
import hashlib, poplib, socket, statistics, sys, time
qport, dport, n, rounds = (int(x) for x in sys.argv[1:5])
rawfile = sys.argv[5]
SRV = {"q": (qport, "alice", "secret1"), "d": (dport, "bench", "benchpass")}

def serial(port, user, pw, digest=None):
    t = time.perf_counter()
    m = poplib.POP3("127.0.0.1", port, timeout=30)
    m.user(user); m.pass_(pw)
    cnt, octets = m.stat()
    assert cnt == n, (cnt, n)
    got = 0
    for i in range(1, n + 1):
        lines = m.retr(i)[1]
        got += sum(len(x) + 2 for x in lines)
        if digest:
            digest.update(b"\r\n".join(lines) + b"\r\n.\r\n")
    m.quit()
    assert got == octets, (got, octets)   # STAT's octets are what RETR sends
    return time.perf_counter() - t, got

def pipelined(port, user, pw):
    t = time.perf_counter()
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    f = s.makefile("rb")
    f.readline()
    for c in (f"USER {user}\r\n", f"PASS {pw}\r\n"):
        s.sendall(c.encode()); r = f.readline()
        assert r.startswith(b"+OK"), r
    s.sendall(b"".join(b"RETR %d\r\n" % i for i in range(1, n + 1)) + b"QUIT\r\n")
    buf = bytearray()
    while True:
        d = s.recv(1 << 16)
        if not d:
            break
        buf += d
    s.close()
    ends = buf.count(b"\r\n.\r\n")
    assert ends == n, (ends, n)
    return time.perf_counter() - t, len(buf)

dig = {}
for k, a in SRV.items():
    dig[k] = hashlib.sha256()
    serial(*a, digest=dig[k])
    pipelined(*a)
assert dig["q"].digest() == dig["d"].digest(), "qshim and Dovecot sent different messages"
res = {(k, m): [] for k in SRV for m in ("s", "p")}
for _ in range(rounds):
    for m, fn in (("s", serial), ("p", pipelined)):
        for k in SRV:
            res[k, m].append(fn(*SRV[k]))
out, raw = [], []
for m in ("s", "p"):
    for k in SRV:
        secs = statistics.median(r[0] for r in res[k, m])
        out.append(f"{n / secs:.0f} {res[k, m][0][1] / secs / 1e6:.1f}")
    raw.append(("serial" if m == "s" else "pipelined") + ": " + "; ".join(
        ("qshim " if k == "q" else "Dovecot ") + " ".join(f"{n / r[0]:.0f}" for r in res[k, m]) for k in SRV))
print(" ".join(out))
with open(rawfile, "w") as f:
    f.write(", ".join(raw) + "\n")
PY
}
read -r qs_s qs_mb ds_s ds_mb qp_s qp_mb dp_s dp_mb < <(popbench) || true
[ -n "$dp_mb" ] || { echo "mail_bench: the POP3 part failed (see above)" >&2; exit 1; }
fi

if [ "$ONLY" != pop3 ]; then
cat <<MD
## Mail servers (SMTP receive, POP3 RETR)

bench/mail_bench.sh, all traffic on 127.0.0.1, every port picked free at start.

**SMTP**: Postfix's \`smtp-source -d -s S -m N -l L\` (one connection per session kept open).
qshim: \`qsmtpd --msf\`, one local recipient; the MSF queue fdatasyncs every message before its 250
(group commit across sessions) and MSF workers deliver to the Maildir at the same time
(figure in parentheses: msg/s until all N are in the Maildir).
Postfix 3.7: private instance with its own queue in a temp directory (cleanup fsyncs each message),
\`discard:\` transport, config as in /work/shared/peer-baselines.md (figure in parentheses: until the queue is empty).
smtp-sink: no disk, the ceiling of smtp-source on this machine.
msg/s = N ÷ smtp-source wall time, median of 3 interleaved runs (the machine is shared: expect ±50 %).

| sessions | N | size | qshim msg/s | Postfix msg/s | smtp-sink msg/s | qshim ÷ Postfix | qshim ÷ sink |
|---|---|---|---|---|---|---|---|
${smtp_rows}
Goal: qshim ≥ 1.0× Postfix durable at 10 sessions.  Checks: smtp-source exit codes all 0: $([ $smtp_fail = 0 ] && echo yes || echo NO);
$delivered of $((3 * (N1 + N10 + NBIG))) messages in the qshim Maildir; Postfix logged $pf_sent status=sent.

CPU per message (user+sys, ms, median of the same 3 runs, counted until delivered / drained):
qsmtpd with its MSF workers delivering into the Maildir, against all of Postfix's processes
(master, smtpd, cleanup, qmgr, discard; reaped children included).  On a shared machine this is the
steadier figure: it does not move with the neighbours' load the way wall time does.

| sessions | N | size | qshim CPU ms/msg | Postfix CPU ms/msg | Postfix ÷ qshim |
|---|---|---|---|---|---|
${cpu_rows}

MD
fi
if [ "$ONLY" != smtp ]; then
cat <<MD
**POP3**: $NPOP generated messages (≈$((popbytes / NPOP)) B each, LF line ends, $((popbytes / 1000)) kB) copied into
both Maildirs; each run logs in, RETRs 1..$NPOP (no DELE) and quits.  One warm-up run of each server
(which also checks that both send the same lines for every message and that STAT's octets are what RETR sends),
then ${MAIL_BENCH_POP_RUNS:-3} interleaved rounds (qshim, Dovecot, for each client); medians.
Peer: Dovecot 2.3 pop3d, private instance (config as in peer-baselines.md).  MB/s counts the CRLF bytes received.

| client | qshim msg/s | qshim MB/s | Dovecot msg/s | Dovecot MB/s | qshim ÷ Dovecot |
|---|---|---|---|---|---|
| poplib, one RETR at a time | **$qs_s** | $qs_mb | $ds_s | $ds_mb | **$(ratio "$qs_s" "$ds_s")×** |
| raw socket, all RETRs pipelined | **$qp_s** | $qp_mb | $dp_s | $dp_mb | **$(ratio "$qp_s" "$dp_s")×** |

Each round, msg/s: $(cat "$T/pop.raw")

MD
fi
echo "Goal: ≥ 1.0× the peer.  Load average after the run: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores."
