#!/usr/bin/python3
# IPv6: CHGSMTPA BNDADR('::1') makes qsmtpd listen on ::1; the accept-relay
# and reject-connection lists take IPv6 networks (ADDSMTPLE TYPE(*ACCEPTIP6
# | *REJECTIP6) IP6NETADR() IP6PFX()); a DNSBL is asked for the reversed
# nibbles of an IPv6 client (RFC 5782 §2.4).  Real client: smtplib over ::1.
import os
import smtplib
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import qsmail  # noqa: E402
from qsmail import ok  # noqa: E402

try:
    socket.socket(socket.AF_INET6).bind(("::1", 0))
except OSError:
    print("1..0 # skip no IPv6 loopback")
    sys.exit(0)

qsmail.plan(12)
root = qsmail.Root()
QCL = os.path.join(qsmail.BIN, "qcl")


def qcl(cmd):
    r = subprocess.run([QCL, cmd], capture_output=True, text=True)
    return r.returncode, r.stdout + r.stderr


def server():
    # no --bind: the address comes from CHGSMTPA BNDADR
    return qsmail.start([os.path.join(qsmail.BIN, "qsmtpd"), "--port", "0", "--submission", "-1",
                         "--smtps", "-1"], "qsmtpd: listening")


rc, out = qcl("CHGSMTPA BNDADR('::1')")
ok(rc == 0, "CHGSMTPA BNDADR('::1')", out)
rc, out = qcl("CHGSMTPA BNDADR('::1::2')")
ok(rc != 0, "a malformed IPv6 bind address is refused", out)

p, ports = server()
try:
    s = smtplib.SMTP("::1", ports["smtp"], timeout=20)
    ok(s.ehlo()[0] == 250, "smtplib talks to qsmtpd over ::1")
    s.mail("x@example.org")
    code, msg = s.rcpt("someone@elsewhere.example")
    ok(code == 550, "relay from ::1 is refused without an *ACCEPTIP6 entry", f"{code} {msg}")
    code, _ = s.rcpt("bob@qshim.test")
    ok(code == 250, "local delivery from ::1 is accepted")
    s.quit()
finally:
    qsmail.stop(p)
ok(" L 9V " in root.adm("dspjrn"), "the refused relay is journaled (9V)")

rc, out = qcl("ADDSMTPLE TYPE(*ACCEPTIP6) IP6NETADR('::') IP6PFX(96)")
rc2, out2 = qcl("ADDSMTPLE TYPE(*ACCEPTIP6) IP6NETADR('::1') IP6PFX(128)")
ok(rc == 0 and rc2 == 0, "ADDSMTPLE TYPE(*ACCEPTIP6) IP6NETADR() IP6PFX()", out + out2)
p, ports = server()
try:
    s = smtplib.SMTP("::1", ports["smtp"], timeout=20)
    s.ehlo()
    s.mail("x@example.org")
    code, msg = s.rcpt("someone@elsewhere.example")
    ok(code == 250, "relay from ::1 is accepted once ::1/128 is in the list", f"{code} {msg}")
    s.quit()
finally:
    qsmail.stop(p)

rc, out = qcl("ADDSMTPLE TYPE(*REJECTIP6) IP6NETADR('::1')")
p, ports = server()
n9s = root.adm("dspjrn").count(" L 9S ")
try:
    smtplib.SMTP("::1", ports["smtp"], timeout=20)
    ok(False, "a client in the *REJECTIP6 list is refused with 554")
except smtplib.SMTPConnectError as e:
    ok(e.smtp_code == 554, "a client in the *REJECTIP6 list is refused with 554", repr(e))
finally:
    qsmail.stop(p)
ok(root.adm("dspjrn").count(" L 9S ") == n9s + 1, "... and journaled (9S)")

# DNSBL over IPv6: 1.0.0...0.rbl.test (::1) is listed by the stub
rc, out = qcl("RMVSMTPLE TYPE(*REJECTIP6) IP6NETADR('::1')")
rc2, out2 = qcl("RMVSMTPLE TYPE(*REJECTIP6) IP6NETADR('::1')")
ok(rc == 0 and rc2 != 0 and "not found" in out2,
   "RMVSMTPLE removes the *REJECTIP6 entry (a second time: not found)", out + out2)
ready = os.path.join(root.dir, "dns.ready")
stub = subprocess.Popen([sys.executable, os.path.join(os.environ.get("QSHIM_SRC", "."), "tests",
                         "integration", "lib", "dns_stub.py"), "0", ready],
                        stderr=subprocess.DEVNULL)
qsmail._procs.append(stub)
for _ in range(200):
    if os.path.exists(ready):
        break
    time.sleep(0.05)
root.adm("chgsmtpa", "RBLDNS", f"127.0.0.1:{int(open(ready).read())}")
root.adm("chgsmtpa", "RBLSVR", "rbl.test")
p, ports = server()
try:
    smtplib.SMTP("::1", ports["smtp"], timeout=20)
    ok(False, "an IPv6 client listed by its nibble name is refused")
except smtplib.SMTPConnectError as e:
    ok(e.smtp_code == 554 and b"rbl.test" in e.smtp_error,
       "an IPv6 client listed by its nibble name is refused", repr(e))
finally:
    qsmail.stop(p)
qsmail.stop(stub)
qsmail.done()
