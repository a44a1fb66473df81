#!/bin/bash
# Sending mail, against the real peers in the same run:
#  1. QtmmSendMail calls/s until durably queued vs Postfix's sendmail(1)
#     (postdrop into the maildrop of a private Postfix instance);
#  2. S/MIME sign+encrypt of a 100 KB note: qs_smime_protect vs bare OpenSSL
#     CMS calls with keys preloaded;
#  3. outbound delivery msg/s to smtp-sink: qsmtpc vs Postfix's smtp client
#     (relayhost = the same sink).
# Prints a Markdown section.  Ports 21090-21091.
set -eu
cd "$(dirname "$0")/.."
BUILD=${QSHIM_BUILD:-$PWD/build}
B=$BUILD/bin
N=${SENDMAIL_BENCH_N:-500}
T=$(mktemp -d /tmp/qs-sendmail-bench-XXXXXX)
PF=$T/pf
SINKPID=""
cleanup() {
  [ -f "$PF/etc/main.cf" ] && postfix -c "$PF/etc" stop >/dev/null 2>&1 || true
  [ -n "$SINKPID" ] && kill "$SINKPID" 2>/dev/null || true
  rm -rf "$T"
}
trap cleanup EXIT
export QSYS_ROOT=$T/root
cc -O2 -I"$BUILD/inc/api" -Iapi/include -include api/include/qshim_ile.h -o "$T/smb" \
   bench/sendmail_bench.c "$BUILD/lib/libqshim.a" -lssl -lcrypto -lz -lsqlite3 -lcrypt -lresolv -lm -pthread
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.4f", b - a }'; }

# --- private Postfix instance (no syslog: log to a file) --------------------
mkdir -p "$PF"/{etc,data,spool}; chown postfix "$PF/data"; chmod 755 "$T" "$PF" "$PF/spool"
cat > "$PF/etc/main.cf" <<CF
compatibility_level = 3.6
config_directory = $PF/etc
queue_directory = $PF/spool
data_directory = $PF/data
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mydestination =
myhostname = bench.localdomain
relayhost = [127.0.0.1]:21090
alias_maps =
maillog_file = $PF/maillog
maillog_file_prefixes = /var, /dev/stdout, $T
smtp_tls_security_level = none
CF
sed -e 's/^\([a-z]*[ \t]*\(unix\|inet\|fifo\|pass\|unix-dgram\)[ \t]*[-ny][ \t]*[-ny][ \t]*\)[-ny]/\1n/' \
    -e '/^smtp[ \t]*inet/d' /etc/postfix/master.cf > "$PF/etc/master.cf"
postfix -c "$PF/etc" check >/dev/null 2>&1 || script -qc "postfix -c $PF/etc check" /dev/null >&2
printf 'From: bench@here.test\nTo: r@there.test\nSubject: bench\n\n0123456789012345678901234567890123456789012345678901234567890123\n' > "$T/msg"

# 1. API vs postdrop (Postfix master not running: messages wait in maildrop)
mkdir -p "$T/notes"
read -r _ api_s api_n < <("$T/smb" api "$N" "$T/notes")
a=$(now)
for _ in $(seq "$N"); do sendmail -C "$PF/etc" -f bench@here.test r@there.test < "$T/msg" 2>/dev/null; done
pd_s=$(since "$a")
pd_n=$(find "$PF/spool/maildrop" -type f | wc -l)

# 2. S/MIME
(cd "$T" && {
  openssl req -x509 -newkey rsa:2048 -nodes -keyout s.key -out s.pem -days 2 -subj "/CN=bench/emailAddress=bench@here.test"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout r.key -out r.pem -days 2 -subj "/CN=r/emailAddress=bench@there.test"
  openssl pkcs12 -export -inkey s.key -in s.pem -passout pass:pw -out s.p12
} >/dev/null 2>&1)
echo pw | "$B/qsmime" own BENCH bench@here.test "$T/s.p12"
"$B/qsmime" cert BENCH bench@there.test "$T/r.pem"
SN=${SENDMAIL_BENCH_SMIME_N:-200}
out=$("$T/smb" smime "$SN" "$T/s.p12" pw "$T/r.pem")
q_s=$(awk '/^qshim_smime/ { print $2 }' <<<"$out"); o_s=$(awk '/^openssl_cms/ { print $2 }' <<<"$out")

# 3. outbound delivery to smtp-sink
SU=nobody; [ "$(id -u)" = 0 ] || SU=$(id -un)
smtp-sink -u "$SU" 127.0.0.1:21090 256 & SINKPID=$!
sleep 0.3
mkdir -p "$QSYS_ROOT/mail"
printf 'MAILROUTER 127.0.0.1:21090\nTLS *NONE\n' > "$QSYS_ROOT/mail/smtpc.conf"
"$B/qmailadm" strmsf --once >/dev/null 2>&1
a=$(now); "$B/qsmtpc" -q >/dev/null 2>&1; qc_s=$(since "$a")
qc_left=$("$B/qmailadm" queue | sed -n 's/.*remote \([0-9]*\).*/\1/p')
a=$(now)
postfix -c "$PF/etc" start >/dev/null 2>&1
for _ in $(seq 600); do
  [ -z "$(find "$PF/spool/maildrop" "$PF/spool/incoming" "$PF/spool/active" "$PF/spool/deferred" -type f 2>/dev/null | head -1)" ] && break
  sleep 0.05
done
pf_s=$(since "$a")
pf_sent=$(grep -c 'status=sent' "$PF/maillog" 2>/dev/null || true)

cat <<MD
## Sending mail (QtmmSendMail, S/MIME, outbound SMTP)

| what | qshim | peer | ratio |
|---|---|---|---|
| queue a 200-byte note, $N times | QtmmSendMail in one process: **$(rate "$api_n" "$api_s")/s** | Postfix \`sendmail\` (postdrop), one process each: $(rate "$pd_n" "$pd_s")/s | $(awk -v a="$(rate "$api_n" "$api_s")" -v b="$(rate "$pd_n" "$pd_s")" 'BEGIN{printf "%.2f", a/b}') |
| S/MIME sign + encrypt 100 KB (RSA 2048, AES-256-CBC), $SN times | qs_smime_protect: **$(rate "$SN" "$q_s")/s** | OpenSSL CMS calls, keys preloaded: $(rate "$SN" "$o_s")/s | $(awk -v a="$o_s" -v b="$q_s" 'BEGIN{printf "%.2f", a/b}') |
| deliver $N queued messages to smtp-sink | qsmtpc -q: **$(rate "$N" "$qc_s")/s** (left: ${qc_left:-?}) | Postfix pickup → qmgr → smtp: $(rate "$N" "$pf_s")/s (sent: $pf_sent) | $(awk -v a="$pf_s" -v b="$qc_s" 'BEGIN{printf "%.2f", a/b}') |

QtmmSendMail's figure includes writing the note file, validating it, fsyncing
the MSF queue entry and unlinking the file; postdrop writes the maildrop file
without fsync (Postfix syncs later in cleanup).  qs_smime_protect keeps the
opened PKCS#12 while file and password are unchanged, but reads the
recipient's certificate from the store and builds the MIME parts on every
call; the two S/MIME loops run interleaved, call by call.  Delivery: qsmtpc reuses one connection with PIPELINING for all
messages; Postfix's time includes pickup and cleanup.
MD
