#!/usr/bin/env python3
# SMTP server (qsmtpd) against real clients nobody here wrote: swaks (STARTTLS,
# AUTH PLAIN/LOGIN, implicit TLS on the smtps port, pipelining), Python smtplib,
# curl smtp://, openssl s_client -starttls smtp; then the security batteries:
# SMTP smuggling strings, STARTTLS plaintext injection, the open-relay battery,
# limits and the bad-command counter; the QZMF journal and its SQLite outfile.
import os
import smtplib
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from qsmail import Root, smtpd, stop, raw, ok, plan, done, no_verify_ctx  # noqa: E402

plan(31)
root = Root()
p, ports = smtpd(root)
P25, P587, P465 = ports["smtp"], ports["submission"], ports["smtps"]


def swaks(*args):
    r = subprocess.run(["swaks", "--server", "127.0.0.1", "--from", "alice@example.com",
                        "--h-Subject", "swaks test", *args], capture_output=True, text=True,
                       timeout=60)
    return r.returncode, r.stdout + r.stderr


rc, out = swaks("--port", str(P25), "--to", "bob@qshim.test", "-tls", "--auth", "PLAIN",
                "--auth-user", "bob", "--auth-password", "secret1")
ok(rc == 0 and "235 2.7.0" in out and "250 2.0.0 Ok: queued as" in out,
   "swaks STARTTLS + AUTH PLAIN to a local user", out)
rc, out = swaks("--port", str(P587), "--to", "alice@qshim.test", "-tls", "--auth", "LOGIN",
                "--auth-user", "ALICE", "--auth-password", "secret1", "--pipeline")
ok(rc == 0 and "queued as" in out, "swaks on submission with STARTTLS + AUTH LOGIN + PIPELINING", out)
rc, out = swaks("--port", str(P465), "--tls-on-connect", "--to", "bob@qshim.test",
                "--auth", "PLAIN", "--auth-user", "bob", "--auth-password", "secret1")
ok(rc == 0 and "queued as" in out, "swaks on the implicit-TLS port", out)
rc, out = swaks("--port", str(P587), "--to", "bob@qshim.test", "-tls")
ok(rc != 0 and "530 5.7.0" in out, "submission port refuses MAIL without AUTH", out)
out = raw(P25, b"EHLO x\r\nQUIT\r\n")
ok("250-STARTTLS" in out and "AUTH" not in out, "AUTH is not offered without TLS", out)
rc, out = swaks("--port", str(P25), "--to", "bob@qshim.test", "-tls", "--auth", "PLAIN",
                "--auth-user", "bob", "--auth-password", "wrong")
ok(rc != 0 and "535 5.7.8" in out, "a wrong password gets 535", out)

# Python smtplib: plain EHLO, SIZE, send to two local users, DSN parameters
with smtplib.SMTP("127.0.0.1", P25, timeout=10) as s:
    code, msg = s.ehlo("client.example")
    feats = msg.decode()
    ok(code == 250 and all(k in feats for k in ("SIZE", "8BITMIME", "PIPELINING",
                                                "ENHANCEDSTATUSCODES", "DSN", "STARTTLS")),
       "EHLO lists SIZE 8BITMIME PIPELINING ENHANCEDSTATUSCODES DSN STARTTLS", feats)
    refused = s.sendmail("carol@example.com", ["bob@qshim.test", "alice@qshim.test"],
                         b"Subject: smtplib\r\n\r\n.leading dot line\r\nbody\r\n",
                         mail_options=["BODY=8BITMIME", "RET=HDRS", "ENVID=abc+2Bdef"],
                         rcpt_options=["NOTIFY=FAILURE,DELAY", "ORCPT=rfc822;bob@qshim.test"])
    ok(refused == {}, "smtplib sendmail with DSN parameters", refused)
    code, _ = s.docmd("VRFY", "bob")
    ok(code == 252, "VRFY answers 252 by policy")
    bad = [s.docmd(v)[0] for v in ("EXPN staff", "SAML FROM:<a@b>", "SEND FROM:<a@b>",
                                   "SOML FROM:<a@b>", "TURN")]
    ok(bad == [502] * 5, "EXPN SAML SEND SOML TURN answer 502", bad)
    code, msg = s.docmd("MAIL FROM:<a@b.c> SIZE=999999999999")
    ok(code == 552, "SIZE over MAXEMMSIZE refused at MAIL", msg)

# curl and openssl s_client
msgfile = os.path.join(root.dir, "curl.eml")
with open(msgfile, "w") as f:
    f.write("Subject: curl\r\n\r\nvia curl\r\n")
r = subprocess.run(["curl", "-sS", "--ssl-reqd", "-k", f"smtp://127.0.0.1:{P25}",
                    "--mail-from", "x@example.com", "--mail-rcpt", "bob@qshim.test",
                    "--user", "bob:secret1", "-T", msgfile], capture_output=True, text=True,
                   timeout=30)
ok(r.returncode == 0, "curl smtp:// with --ssl-reqd and AUTH", r.stderr)
r = subprocess.run(["openssl", "s_client", "-starttls", "smtp", "-connect", f"127.0.0.1:{P25}",
                    "-quiet"], input="EHLO x\r\nQUIT\r\n", capture_output=True, text=True,
                   timeout=30)
ok("250-AUTH PLAIN LOGIN" in r.stdout and "221" in r.stdout,
   "openssl s_client -starttls smtp sees AUTH after TLS", r.stdout + r.stderr)

ok(root.wait_delivered("BOB", 4) and root.wait_delivered("ALICE", 2),
   "every accepted message was delivered", f"{root.maildir('BOB')} {root.maildir('ALICE')}")
body = open(sorted(root.maildir("ALICE"))[-1], "rb").read()
ok(b"\r\n.leading dot line\r\n" in body and b"Received: from client.example" in body,
   "dot-stuffing undone, Received header added", body[:600])

# --- SMTP smuggling ----------------------------------------------------------
before = len(root.maildir("BOB"))
fakes = [b"\n.\n", b"\n.\r", b"\r.\n", b"\r.\r", b"\n.\r\n", b"\r.\r\n", b"\r\n\x00.\r\n",
         b"\r\n.\r\r\n"]
results = []
for fake in fakes:
    pay = (b"EHLO x\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<bob@qshim.test>\r\nDATA\r\n"
           b"Subject: one\r\n\r\nhello" + fake +
           b"MAIL FROM:<smuggled@example.com>\r\nRCPT TO:<bob@qshim.test>\r\nDATA\r\n"
           b"Subject: smuggled\r\n\r\nsmuggled\r\n.\r\nQUIT\r\n")
    out = raw(P25, pay)
    codes = [line[:3] for line in out.split("\r\n") if line[:1].isdigit()]
    results.append((fake, codes))
ok(all(c.count("354") == 1 and "550" in c and c[-1] == "221" for _, c in results),
   "each smuggling string is part of one message, which is refused", results)
time.sleep(0.5)
ok(len(root.maildir("BOB")) == before, "nothing was delivered from the smuggling attempts",
   root.maildir("BOB"))

# --- STARTTLS injection ------------------------------------------------------
import socket  # noqa: E402
s = socket.create_connection(("127.0.0.1", P25), timeout=5)
s.recv(1000)
s.sendall(b"EHLO x\r\n")
time.sleep(0.2)
s.recv(4096)
s.sendall(b"STARTTLS\r\nRSET\r\n")
time.sleep(0.2)
first = s.recv(4096)
t = no_verify_ctx().wrap_socket(s)
t.settimeout(1.0)
try:
    after = t.recv(4096)
except socket.timeout:
    after = b""
t.sendall(b"NOOP\r\n")
time.sleep(0.2)
noop = t.recv(4096)
t.close()
ok(first.startswith(b"220 2.0.0") and after == b"" and noop.startswith(b"250"),
   "STARTTLS injection: the pipelined RSET is dropped, not answered after TLS",
   (first, after, noop))

# --- open relay battery --------------------------------------------------------
battery = ["<user@remote.example>", "<user%remote.example@qshim.test>",
           "<remote.example!user@qshim.test>", "<@qshim.test:user@remote.example>",
           "<\"user@remote.example\">", "<\"user@remote.example\"@qshim.test>",
           "<user@remote.example@qshim.test>", "<user@[127.0.0.1]>", "<user@qshim.test.>",
           "<user>", "<bob@qshim.test >"]
pay = b"EHLO x\r\nMAIL FROM:<a@example.com>\r\n"
for r_ in battery:
    pay += b"RCPT TO:" + r_.encode() + b"\r\n"
pay += b"QUIT\r\n"
out = raw(P25, pay)
codes = [line[:3] for line in out.split("\r\n") if line[3:4] == " "][3:-1]
ok(len(codes) == len(battery) and all(c[0] == "5" for c in codes),
   "open-relay battery: every address is refused", list(zip(battery, codes)))
ok(int(root.adm("queue").split()[3]) == 0, "nothing is waiting in the outbound queue")
root.adm("addsmtple", "*ACCEPT", "127.0.0.0", "255.0.0.0")
p2, ports2 = smtpd(root, msf=False)
out = raw(ports2["smtp"], b"EHLO x\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<user@remote.example>\r\n"
          b"RCPT TO:<user%remote.example@qshim.test>\r\nQUIT\r\n")
codes = [line[:3] for line in out.split("\r\n") if line[3:4] == " "]
ok(codes[3:5] == ["250", "550"], "a client on the *ACCEPT list may relay; the % hack still fails",
   codes)
stop(p2)

# --- limits and state machine ----------------------------------------------------
out = raw(P25, b"EHLO x\r\n" + b"NOOP " + b"A" * 5000 + b"\r\nNOOP\r\nQUIT\r\n")
ok("500 5.5.2 Error: line too long" in out and "250 2.0.0 Ok" in out.split("too long")[1],
   "an overlong command line is refused and the session recovers", out[-300:])
out = raw(P25, b"EHLO x\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<bob@qshim.test>\r\nDATA\r\n" +
          b"Subject: x\r\n\r\n" + b"B" * 1200 + b"\r\n.\r\nQUIT\r\n")
ok("550 5.6.0 Error: line longer than 1000" in out, "a text line over 1000 octets is refused", out)
out = raw(P25, b"".join(b"BOGUS\r\n" for _ in range(30)))
ok("421 4.7.0" in out and out.count("500 5.5.2") < 30, "the bad-command counter ends the session",
   out[-200:])
out = raw(P25, b"MAIL FROM:<a@b.c>\r\nEHLO x\r\nRCPT TO:<bob@qshim.test>\r\nDATA\r\n"
          b"MAIL FROM:<a@b.c>\r\nMAIL FROM:<a@b.c>\r\nDATA\r\nRSET\r\nDATA\r\nQUIT\r\n")
codes = [line[:3] for line in out.split("\r\n") if line[:1].isdigit() and line[3:4] == " "]
ok(codes == ["220", "503", "250", "503", "503", "250", "503", "554", "250", "503", "221"],
   "commands out of order get 503/554", codes)
out = raw(P25, b"EHLO x\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<nobody@qshim.test>\r\nQUIT\r\n")
ok("550 5.1.1" in out, "an unknown local user is refused at RCPT", out)
out = raw(P25, b"EHLO x\r\nAUTH PLAIN AGJvYgBzZWNyZXQx\r\nQUIT\r\n")
ok("538 5.7.11" in out, "AUTH without TLS is refused with 538", out)
out = raw(P25, b"EHLO x\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<bob@qshim.test>\r\nDATA\r\nhi\r\n")
ok("354" in out and "250 2.0.0" not in out, "no 250 before the end of data")

# shutdown answers 421 to clients that are connected
s = socket.create_connection(("127.0.0.1", P25), timeout=5)
s.recv(1000)
stop(p)
s.settimeout(5)
bye = s.recv(1000)
ok(bye.startswith(b"421"), "ENDTCPSVR: connected clients get 421", bye)
s.close()

# --- journal ------------------------------------------------------------------------
j = root.adm("dspjrn")
ok(" L 91 " in j and " L 9V " in j and " L 82 " in j, "QZMF journal has 91 (received), 9V "
   "(relay refused) and 82 (delivered) entries", j[-1500:])
db = os.path.join(root.dir, "jrn.db")
root.adm("dspjrn", "--outfile", db, "QZMFOUT")
con = sqlite3.connect(db)
rows = con.execute("SELECT JOCODE, JOENTT, COUNT(*) FROM QZMFOUT GROUP BY 1, 2").fetchall()
ok(any(r[1] == "91" and r[2] >= 5 for r in rows),
   "DSPJRN outfile is an SQLite table with the entries", rows)
done()
