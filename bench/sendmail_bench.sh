#!/bin/bash
# Sending mail, against the real peers in the same run:
#  1. QtmmSendMail calls/s until durably queued vs Postfix's sendmail(1)
#     (postdrop into the maildrop of a private Postfix instance);
#  2. S/MIME sign+encrypt of a 100 KB note: qs_smime_protect vs bare OpenSSL
#     CMS calls with keys preloaded;
#  3. outbound delivery msg/s to smtp-sink: qsmtpc vs Postfix's smtp client
#     (relayhost = the same sink).
# Each comparison runs in interleaved rounds and reports medians with the
# load average.  Prints a Markdown section.  Port 21090.
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
# hand the API's messages to the outbound queue and drop them (section 3
# queues its own), and let Postfix deliver postdrop's before section 3
"$B/qmailadm" strmsf --once >/dev/null 2>&1
rm -rf "$QSYS_ROOT/mail/queue"

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
load() { cut -d' ' -f1 /proc/loadavg; }
LOADS=$(load)

# 2. S/MIME: R rounds of SN/R calls, each round interleaving the two loops call
#    by call; the medians of the per-round rates are reported
(cd "$T" && {
  openssl req -x509 -newkey rsa:2048 -nodes -keyout s.key -out s.pem -days 2 -subj "/CN=bench/emailAddress=bench@here.test"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout r.key -out r.pem -days 2 -subj "/CN=r/emailAddress=bench@there.test"
  openssl pkcs12 -export -inkey s.key -in s.pem -passout pass:pw -out s.p12
} >/dev/null 2>&1)
echo pw | "$B/qsmime" own BENCH bench@here.test "$T/s.p12"
"$B/qsmime" cert BENCH bench@there.test "$T/r.pem"
SN=${SENDMAIL_BENCH_SMIME_N:-500}
R=${SENDMAIL_BENCH_ROUNDS:-7}
: > "$T/smime.rates"
for _ in $(seq "$R"); do
  out=$("$T/smb" smime $((SN / R)) "$T/s.p12" pw "$T/r.pem")
  awk -v n=$((SN / R)) '/^qshim_smime/ { q = $2 } /^openssl_cms/ { o = $2 }
       END { printf "%.1f %.1f %.3f\n", n / q, n / o, o / q }' <<<"$out" >> "$T/smime.rates"
done
q_sr=$(cut -d' ' -f1 "$T/smime.rates" | median); o_sr=$(cut -d' ' -f2 "$T/smime.rates" | median)
s_ratio=$(cut -d' ' -f3 "$T/smime.rates" | median)
s_range=$(cut -d' ' -f3 "$T/smime.rates" | sort -g | sed -n '1p;$p' | paste -sd-)
LOADS="$LOADS $(load)"

# 3. outbound delivery to the same smtp-sink: R rounds, qshim and Postfix
#    alternating; each round queues DN messages first (not timed), then times
#    the delivery of all of them
DN=${SENDMAIL_BENCH_DELIVER_N:-500}
SU=nobody; [ "$(id -u)" = 0 ] || SU=$(id -un)
smtp-sink -u "$SU" 127.0.0.1:21090 256 & SINKPID=$!
sleep 0.3
mkdir -p "$QSYS_ROOT/mail"
printf 'MAILROUTER 127.0.0.1:21090\nTLS *NONE\n' > "$QSYS_ROOT/mail/smtpc.conf"
pf_count() { find "$PF/spool/$1" -type f 2>/dev/null | wc -l; }
pf_idle() { [ -z "$(find "$PF/spool/maildrop" "$PF/spool/incoming" "$PF/spool/active" "$PF/spool/deferred" -type f -print -quit 2>/dev/null)" ]; }
pf_wait() { for _ in $(seq 3000); do eval "$1" && return 0; sleep 0.02; done; return 1; }
postfix -c "$PF/etc" start >/dev/null 2>&1
pf_wait pf_idle || true          # section 1's messages leave first
: > "$T/dlv.rates"
for r in $(seq "$R"); do
  # qshim: queue DN messages through QtmmSendMail and MSF, then time qsmtpc -q
  rm -rf "$T/notes"; mkdir -p "$T/notes"
  "$T/smb" api "$DN" "$T/notes" >/dev/null
  "$B/qmailadm" strmsf --once >/dev/null 2>&1
  a=$(now); "$B/qsmtpc" -q >/dev/null 2>&1; q_t=$(since "$a")
  left=$("$B/qmailadm" queue | sed -n 's/.*remote \([0-9]*\).*/\1/p')
  # Postfix: the same number queued and held (defer_transports), then time a
  # flush until the queue is empty (qmgr + smtp, as qsmtpc -q)
  postconf -c "$PF/etc" -e defer_transports=smtp; postfix -c "$PF/etc" reload >/dev/null 2>&1
  for _ in $(seq "$DN"); do sendmail -C "$PF/etc" -f bench@here.test r@there.test < "$T/msg" 2>/dev/null; done
  pf_wait '[ "$(pf_count deferred)" -ge "$DN" ] && [ "$(pf_count maildrop)$(pf_count incoming)$(pf_count active)" = 000 ]' || true
  postconf -c "$PF/etc" -e defer_transports=; postfix -c "$PF/etc" reload >/dev/null 2>&1
  sleep 1                       # the reloaded qmgr is up
  sent0=$(grep -c 'status=sent' "$PF/maillog" 2>/dev/null || true)
  a=$(now)
  postqueue -c "$PF/etc" -f
  pf_wait pf_idle || true
  p_t=$(since "$a")
  sent=$(( $(grep -c 'status=sent' "$PF/maillog" 2>/dev/null || true) - sent0 ))
  echo "$(rate "$DN" "$q_t") $(rate "$DN" "$p_t") ${left:-?} $sent" >> "$T/dlv.rates"
done
LOADS="$LOADS $(load)"
q_dr=$(cut -d' ' -f1 "$T/dlv.rates" | median); p_dr=$(cut -d' ' -f2 "$T/dlv.rates" | median)
d_all=$(awk '{ printf "%s%s/%s", (NR > 1 ? ", " : ""), $1, $2 }' "$T/dlv.rates")
d_left=$(awk '{ s += $3 } END { print s }' "$T/dlv.rates"); d_sent=$(awk '{ s += $4 } END { print s }' "$T/dlv.rates")
load_range=$(tr ' ' '\n' <<<"$LOADS" | sort -g | sed -n '1p;$p' | paste -sd-)

cat <<MD
## Sending mail (QtmmSendMail, S/MIME, outbound SMTP)

| what | qshim | peer | ratio |
|---|---|---|---|
| queue a 200-byte note, $N times | QtmmSendMail in one process: **$(rate "$api_n" "$api_s")/s** | Postfix \`sendmail\` (postdrop), one process each: $(rate "$pd_n" "$pd_s")/s | $(awk -v a="$(rate "$api_n" "$api_s")" -v b="$(rate "$pd_n" "$pd_s")" 'BEGIN{printf "%.2f", a/b}') |
| S/MIME sign + encrypt 100 KB (RSA 2048, AES-256-CBC), $R rounds of $((SN / R)) | qs_smime_protect: **${q_sr}/s** (median) | OpenSSL CMS calls, keys preloaded: ${o_sr}/s (median) | ${s_ratio} (median; rounds ${s_range}) |
| deliver $DN queued messages to smtp-sink, $R rounds | qsmtpc -q: **${q_dr}/s** (median) | Postfix qmgr → smtp after \`postqueue -f\`: ${p_dr}/s (median) | $(awk -v a="$q_dr" -v b="$p_dr" 'BEGIN{printf "%.2f", a/b}') |

Load average (1 min) during these runs: ${load_range} on $(nproc) cores shared
with other work, so single figures move; the ratios compare medians of
interleaved rounds.  Delivery rounds (qshim/Postfix msg/s): ${d_all}; left in
the qshim queue after all rounds: ${d_left}; Postfix sent ${d_sent} of $((DN * R)).

QtmmSendMail's figure includes writing the note file, validating it, fsyncing
the MSF queue entry and unlinking the file; postdrop writes the maildrop file
without fsync (Postfix syncs later in cleanup).  S/MIME: qs_smime_protect keeps
the opened PKCS#12, the parsed recipient certificates and the trust store while
their files are unchanged, sizes its buffers once and base64-encodes through a
12-bit pair table; in each round the two loops alternate call by call.
Delivery: each round first queues $DN messages (QtmmSendMail + the MSF
hand-off for qshim; postdrop, pickup and cleanup with \`defer_transports = smtp\`
for Postfix, so that they wait in its deferred queue), then times until every
message is accepted by the sink: qsmtpc -q with 4 workers, at most 4 sessions
to the relay, sessions reused with PIPELINING; Postfix from \`postqueue -f\`
(qmgr, smtp with its default concurrency and connection cache) until its
queue is empty.  qsmtpc's rounds spread more than Postfix's: it fsyncs the queue directory
after each finished message (so that a finished message is not delivered
again after a crash), so it waits on the disk shared with other work, while Postfix
does not sync queue-file deletions.
MD
