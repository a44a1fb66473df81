#!/usr/bin/env python3
# POP3 server (qpop3d) with real clients: Python poplib (USER/PASS, STAT, LIST,
# UIDL, TOP, RETR, DELE, RSET, QUIT), curl pop3s://, openssl s_client -starttls
# pop3; RFC 1939 UPDATE-state semantics, the session lock, stable UIDs,
# malformed message numbers, STLS injection, ALWSSL(*ONLY) and POP-before-SMTP.
import os
import poplib
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from qsmail import Root, smtpd, pop3d, stop, raw, ok, plan, done, no_verify_ctx  # noqa: E402
import smtplib  # noqa: E402

plan(19)
root = Root()
ps, sp = smtpd(root)
bodies = []
with smtplib.SMTP("127.0.0.1", sp["smtp"], timeout=10) as s:
    for i in range(3):
        b = (f"Subject: message {i}\r\n\r\nline one\r\n.dot line {i}\r\n" + ("x" * 70 + "\r\n") * (1400 * i) +
             "\r\nlast\r\n").encode()
        bodies.append(b)
        s.sendmail("alice@example.com", ["bob@qshim.test"], b)
ok(root.wait_delivered("BOB", 3), "three messages delivered to BOB")
pp, pport = pop3d(root)
P110, P995 = pport["pop3"], pport["pop3s"]

m = poplib.POP3("127.0.0.1", P110, timeout=10)
caps = m.capa()
ok("STLS" in caps and "UIDL" in caps and "TOP" in caps and "USER" in caps, "CAPA", caps)
m.stls(context=no_verify_ctx())
m.user("bob")
m.pass_("secret1")
n, size = m.stat()
ok(n == 3, "STAT after STLS + USER/PASS", (n, size))
resp, lines, _ = m.retr(2)
got = b"\r\n".join(lines) + b"\r\n"
ok(got.endswith(bodies[1]) and b"\r\n.dot line 1\r\n" in got, "RETR returns the message, dot-stuffing undone by the client", got[:300])
uids1 = m.uidl()[1]
resp, lines, _ = m.top(3, 1)
ok(b"Subject: message 2" in b"\r\n".join(lines) and lines[-1] == b"line one", "TOP n 1", lines[-3:])
m.dele(1)
try:
    m.retr(1)
    ok(False, "RETR of a deleted message fails")
except poplib.error_proto:
    ok(True, "RETR of a deleted message fails")
# a second session is refused while this one holds the mailbox
m2 = poplib.POP3("127.0.0.1", P110, timeout=10)
m2.stls(context=no_verify_ctx())
m2.user("bob")
try:
    m2.pass_("secret1")
    ok(False, "a second session on the same mailbox is refused")
except poplib.error_proto as e:
    ok(b"IN-USE" in e.args[0], "a second session on the same mailbox is refused", e)
m2.quit()
m.rset()
ok(m.stat()[0] == 3, "RSET unmarks")
m.dele(1)
m.sock.close()       # dropped without QUIT: nothing is deleted
time.sleep(0.3)
m = poplib.POP3_SSL("127.0.0.1", P995, timeout=10, context=no_verify_ctx())
m.user("BOB")
m.pass_("secret1")
ok(m.stat()[0] == 3, "a session dropped without QUIT deletes nothing")
ok(m.uidl()[1] == uids1, "UIDs are stable across sessions")
bad = []
for a in ("0", "-1", "4294967296", "+1", "1x", ""):
    try:
        m._shortcmd(f"RETR {a}".strip())
        bad.append(a)
    except poplib.error_proto:
        pass
ok(bad == [], "RETR 0 / -1 / 4294967296 / +1 / 1x / none are refused", bad)
m.dele(1)
m.quit()
ok(len(root.maildir("BOB")) == 2, "DELE + QUIT removes the message (UPDATE state)")

# curl pop3s:// lists and retrieves
r = subprocess.run(["curl", "-sS", "-k", f"pop3s://127.0.0.1:{P995}/1", "--user", "bob:secret1"],
                   capture_output=True, timeout=30)
ok(r.returncode == 0 and r.stdout.endswith(bodies[1]), "curl pop3s:// retrieves message 1", r.stderr)
r = subprocess.run(["openssl", "s_client", "-starttls", "pop3", "-connect", f"127.0.0.1:{P110}",
                    "-quiet"], input="USER bob\r\nPASS secret1\r\nSTAT\r\nQUIT\r\n",
                   capture_output=True, text=True, timeout=30)
ok("+OK 2 " in r.stdout, "openssl s_client -starttls pop3", r.stdout + r.stderr)

# wrong password: same answer as an unknown user, after a delay
t0 = time.time()
out1 = raw(P110, b"USER bob\r\nPASS nope\r\n", wait=1.0)
out2 = raw(P110, b"USER nosuch\r\nPASS nope\r\n", wait=1.0)
ok(out1.split("\r\n")[2:] == out2.split("\r\n")[2:] and "-ERR [AUTH]" in out1,
   "unknown user and wrong password answer alike", (out1, out2))
# STLS injection: the pipelined CAPA is dropped
s = socket.create_connection(("127.0.0.1", P110), timeout=5)
s.recv(1000)
s.sendall(b"STLS\r\nCAPA\r\n")
time.sleep(0.2)
first = s.recv(1000)
t = no_verify_ctx().wrap_socket(s)
t.settimeout(1.0)
try:
    after = t.recv(1000)
except socket.timeout:
    after = b""
t.close()
ok(first.startswith(b"+OK") and after == b"", "STLS injection: pipelined CAPA is not answered", (first, after))
out = raw(P110, b"USER " + b"A" * 10000 + b"\r\nNOOP\r\n")
ok("-ERR line too long" in out and out.rstrip().endswith("+OK"), "a 10,000-byte USER is refused, session goes on", out[-200:])
stop(pp)

# ALWSSL(*ONLY): no password outside TLS
root.adm("chgpopa", "ALWSSL", "*ONLY")
pp, pport = pop3d(root)
out = raw(pport["pop3"], b"CAPA\r\nUSER bob\r\nQUIT\r\n")
ok("\r\nUSER\r\n" not in out and "-ERR [AUTH] plaintext login not allowed" in out,
   "ALWSSL(*ONLY) refuses USER before STLS", out)
stop(pp)

# POP-before-SMTP: after a POP login, 127.0.0.1 may relay for POPWDW minutes
root.adm("chgsmtpa", "ALWRLY", "*POPWDW")
ps2, sp2 = smtpd(root, msf=False)
out = raw(sp2["smtp"], b"EHLO x\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<x@remote.example>\r\nQUIT\r\n")
ok("250 2.1.5" in out, "POP-before-SMTP window lets the client relay", out)
stop(ps2)
stop(ps)
done()
