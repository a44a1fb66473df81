#!/usr/bin/env python3
# POP3 (qpop3d) serving Maildir files written with LF line ends by other
# tools: RETR and TOP send CRLF lines, byte-stuffed; LIST, STAT and
# RETR's "+OK n octets" are the exact octets sent (poplib, curl pop3://, a
# raw socket); every RETR pipelined in one write (a message larger than the
# server's output batch among them) gets every reply in order; the size
# cache (Maildir/qshim-pop.sizes) gives the same answers in the next
# session and is not fooled by a file replaced with one of the same size.
import os
import poplib
import socket
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from qsmail import Root, pop3d, stop, ok, plan, done, no_verify_ctx  # noqa: E402

plan(12)
root = Root(journal=False)
box = os.path.join(root.dir, "mail", "box", "BOB", "Maildir")
for sub in ("cur", "new", "tmp"):
    os.makedirs(os.path.join(box, sub), exist_ok=True)
msgs = [
    b"Subject: one\nFrom: a@b.c\n\nfirst line\n.dot line\n..two dots\nlast\n",
    b"Subject: two\r\n\r\nalready CRLF\r\n.\r\nend\r\n",
    b"Subject: three\n\nmixed\r\nends\nand no final newline",
    b"Subject: big\n\n" + b"".join(b"%06d %s\n" % (i, b"y" * 60) for i in range(6000)),   # ~400 KB
    b"Subject: cr\n\nbare\rcr\n\n.\n",
]
for i, m in enumerate(msgs):
    p = os.path.join(box, "cur", f"{1700000000 + i}.M{i}P1.test:2,S")
    with open(p, "wb") as f:
        f.write(m)
    os.utime(p, (1700000000 + i, 1700000000 + i))


def wire(m):
    """The message as CRLF lines (no stuffing): what LIST counts."""
    out = bytearray()
    for j, c in enumerate(m):
        if c == 10 and (j == 0 or m[j - 1] != 13):
            out += b"\r"
        out.append(c)
    return bytes(out)


def stuffed(m):
    w = wire(m)
    lines = w.split(b"\r\n")
    body = b"\r\n".join(b"." + ln if ln.startswith(b".") else ln for ln in lines)
    if not w.endswith(b"\r\n"):
        body += b"\r\n"
    return body + b".\r\n"


pp, pport = pop3d(root)
P = pport["pop3"]
m = poplib.POP3("127.0.0.1", P, timeout=10)
m.user("bob")
m.pass_("secret1")
n, octets = m.stat()
sizes = [int(x.split()[1]) for x in m.list()[1]]
ok(n == len(msgs) and sizes == [len(wire(x)) for x in msgs] and octets == sum(sizes),
   "STAT and LIST give the CRLF size of LF files", (n, octets, sizes))
got = []
for i in range(1, n + 1):
    resp, lines, nbytes = m.retr(i)
    got.append((resp, lines))
want = [wire(x).split(b"\r\n") for x in msgs]
want = [w[:-1] if w[-1] == b"" else w for w in want]
ok(all(g[1] == w for g, w in zip(got, want)), "RETR sends every line, dot-stuffing undone by poplib",
   [(g[1][:4], w[:4]) for g, w in zip(got, want) if g[1] != w][:2])
ok(all(g[0] == b"+OK %d octets" % len(wire(x)) for g, x in zip(got, msgs)),
   "RETR's +OK line gives the octets", [g[0] for g in got])
resp, lines, _ = m.top(1, 2)
ok(lines == [b"Subject: one", b"From: a@b.c", b"", b"first line", b".dot line"], "TOP 1 2 on an LF message", lines)
resp, lines, _ = m.top(4, 0)
ok(lines == [b"Subject: big", b""], "TOP 4 0: the header only", lines)
m.quit()

# everything pipelined in one write; replies come back whole and in order
s = socket.create_connection(("127.0.0.1", P), timeout=10)
s.recv(100)
cmds = b"USER bob\r\nPASS secret1\r\n" + b"".join(b"RETR %d\r\n" % i for i in range(1, n + 1)) * 3 + \
    b"LIST 2\r\nQUIT\r\n"
s.sendall(cmds)
buf = bytearray()
while True:
    d = s.recv(1 << 16)
    if not d:
        break
    buf += d
s.close()
expect = b"+OK send PASS\r\n" + b"+OK %d messages (%d octets)\r\n" % (n, octets)
for _ in range(3):
    for x in msgs:
        expect += b"+OK %d octets\r\n" % len(wire(x)) + stuffed(x)
expect += b"+OK 2 %d\r\n+OK bye\r\n" % len(wire(msgs[1]))
ok(bytes(buf) == expect, "pipelined RETRs: every reply whole, in order, byte-exact",
   (len(buf), len(expect), next((i for i in range(min(len(buf), len(expect))) if buf[i] != expect[i]), None)))

# the same over implicit TLS (pop3s), read slowly: the output queue moves
# under OpenSSL's pending writes
s = no_verify_ctx().wrap_socket(socket.create_connection(("127.0.0.1", pport["pop3s"]), timeout=20))
s.recv(100)
s.sendall(cmds)
buf = bytearray()
while True:
    d = s.recv(4096)
    if not d:
        break
    buf += d
s.close()
ok(bytes(buf) == expect, "pipelined RETRs over pop3s, read in 4 KB pieces: byte-exact", (len(buf), len(expect)))

r = subprocess.run(["curl", "-sS", f"pop3://127.0.0.1:{P}/1", "--user", "bob:secret1"],
                   capture_output=True, timeout=30)
ok(r.returncode == 0 and r.stdout == wire(msgs[0]), "curl pop3:// gets the CRLF message", (r.stdout[:80], r.stderr))

cache = os.path.join(box, "qshim-pop.sizes")
ok(os.path.exists(cache) and oct(os.stat(cache).st_mode & 0o777) == "0o600", "the size cache is written, mode 0600")
# a file replaced by one of the same length but other line ends: no stale size
p1 = os.path.join(box, "cur", "1700000000.M0P1.test:2,S")
newer = msgs[0].replace(b"\n", b"\r", 2)          # fewer bare LFs: fewer octets on the wire
assert len(newer) == len(msgs[0])
with open(p1 + ".tmp", "wb") as f:
    f.write(newer)
os.rename(p1 + ".tmp", p1)
os.utime(p1, (1700000000, 1700000000))             # same name, size and mtime as before
m = poplib.POP3("127.0.0.1", P, timeout=10)
m.user("bob")
m.pass_("secret1")
sizes2 = [int(x.split()[1]) for x in m.list()[1]]
ok(sizes2[0] == len(wire(newer)) < sizes[0] and sizes2[1:] == sizes[1:],
   "a replaced file is measured again, the others come from the cache", (sizes, sizes2))
resp, lines, nbytes = m.retr(1)
ok(sum(len(x) + 2 for x in lines) == sizes2[0], "its RETR matches its new LIST size")
m.quit()
# a torn cache file is ignored
with open(cache, "r+b") as f:
    f.truncate(os.path.getsize(cache) // 2)
m = poplib.POP3("127.0.0.1", P, timeout=10)
m.user("bob")
m.pass_("secret1")
ok([int(x.split()[1]) for x in m.list()[1]] == sizes2, "a torn cache file is ignored")
m.quit()
stop(pp)
done()
