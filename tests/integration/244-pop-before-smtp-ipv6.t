#!/usr/bin/python3
# POP-before-SMTP (CHGSMTPA ALWRLY(*POPWDW)) for IPv6 clients: qpop3d bound
# to ::1 by CHGPOPA BNDADR('::1') records a poplib login from ::1, and then
# qsmtpd on ::1 lets that address relay (smtplib); before the login, and
# with a window that has passed, it does not.  The same for IPv4 with
# ALWRLY(*BYIPPOP).  Skipped when there is no IPv6 loopback.
import glob
import os
import poplib
import smtplib
import socket
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import qsmail  # noqa: E402
from qsmail import ok  # noqa: E402

try:
    socket.socket(socket.AF_INET6).bind(("::1", 0))
except OSError:
    print("1..0 # skip no IPv6 loopback")
    sys.exit(0)

qsmail.plan(9)
root = qsmail.Root(journal=False)
QCL = os.path.join(qsmail.BIN, "qcl")


def qcl(cmd):
    r = subprocess.run([QCL, cmd], capture_output=True, text=True)
    return r.returncode, r.stdout + r.stderr


def relay(host, port):
    """RCPT to a remote domain: the SMTP reply code."""
    s = smtplib.SMTP(host, port, timeout=20)
    s.ehlo()
    s.mail("bob@qshim.test")
    code, _ = s.rcpt("someone@elsewhere.example")
    s.quit()
    return code


def pop_login(host, port):
    m = poplib.POP3(host, port, timeout=20)
    m.user("bob")
    m.pass_("secret1")
    m.quit()


rc, out = qcl("CHGSMTPA BNDADR('::1') ALWRLY(*POPWDW) POPWDW(15)")
rc2, out2 = qcl("CHGPOPA BNDADR('::1')")
ok(rc == 0 and rc2 == 0, "CHGSMTPA BNDADR('::1') ALWRLY(*POPWDW), CHGPOPA BNDADR('::1')", out + out2)
# no --bind: both servers take the address from the configuration
ps, sport = qsmail.start([os.path.join(qsmail.BIN, "qsmtpd"), "--port", "0", "--submission", "-1",
                          "--smtps", "-1"], "qsmtpd: listening")
pp, pport = qsmail.start([os.path.join(qsmail.BIN, "qpop3d"), "--port", "0", "--pop3s", "-1",
                          "--fail-delay", "200"], "qpop3d: listening")
S, P = sport["smtp"], pport["pop3"]
try:
    ok(relay("::1", S) == 550, "before a POP login, ::1 may not relay")
    pop_login("::1", P)
    ok(relay("::1", S) == 250, "after a POP login from ::1, ::1 may relay")
    marks = glob.glob(os.path.join(root.dir, "mail", "popwdw", "v6-*"))
    ok([os.path.basename(x) for x in marks] == ["v6-" + "0" * 31 + "1"], "the login is recorded for ::1", marks)
    # the window has passed: the login was 16 minutes ago
    os.utime(marks[0], (os.path.getmtime(marks[0]) - 16 * 60,) * 2)
    ok(relay("::1", S) == 550, "16 minutes after the login (POPWDW 15), ::1 may not relay")
    pop_login("::1", P)
    ok(relay("::1", S) == 250, "a new login opens the window again")
finally:
    qsmail.stop(pp)
    qsmail.stop(ps)

# IPv4 with *BYIPPOP (accept list or POP window): still works
rc, out = qcl("CHGSMTPA BNDADR('127.0.0.1') ALWRLY(*BYIPPOP)")
rc2, out2 = qcl("CHGPOPA BNDADR('127.0.0.1')")
ok(rc == 0 and rc2 == 0, "CHGSMTPA ALWRLY(*BYIPPOP), both servers on 127.0.0.1", out + out2)
ps, sport = qsmail.start([os.path.join(qsmail.BIN, "qsmtpd"), "--port", "0", "--submission", "-1",
                          "--smtps", "-1"], "qsmtpd: listening")
pp, pport = qsmail.start([os.path.join(qsmail.BIN, "qpop3d"), "--port", "0", "--pop3s", "-1",
                          "--fail-delay", "200"], "qpop3d: listening")
try:
    ok(relay("127.0.0.1", sport["smtp"]) == 550, "before a POP login, 127.0.0.1 may not relay")
    pop_login("127.0.0.1", pport["pop3"])
    ok(relay("127.0.0.1", sport["smtp"]) == 250, "after a POP login from 127.0.0.1, it may relay")
finally:
    qsmail.stop(pp)
    qsmail.stop(ps)
qsmail.done()
