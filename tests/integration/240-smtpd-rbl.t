#!/usr/bin/python3
# DNS block lists: CHGSMTPA RBLSVR zones looked up through libresolv against a
# stub DNS server (RBLDNS); a listed client gets 554 at connect and a QZMF 9S
# journal entry; an answer outside 127/8, NXDOMAIN or a dead DNS server let
# the client in.  Real client: smtplib.
import os
import smtplib
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.environ.get("QSHIM_SRC", "."), "tests", "integration", "lib"))
import qsmail
from qsmail import ok

try:
    import dns.message  # noqa: F401
except ImportError:
    print("1..0 # skip python3-dnspython not installed")
    sys.exit(0)

qsmail.plan(8)
root = qsmail.Root()
ready = os.path.join(root.dir, "dns.ready")
stub = subprocess.Popen([sys.executable, os.path.join(os.environ.get("QSHIM_SRC", "."), "tests",
                         "integration", "lib", "dns_stub.py"), "0", ready],
                        stderr=subprocess.DEVNULL)
qsmail._procs.append(stub)
for _ in range(100):
    if os.path.exists(ready):
        break
    time.sleep(0.05)
dns_port = int(open(ready).read())

# CL: CHGSMTPA RBLSVR(list) through qcl; a bad zone name is refused
r = subprocess.run([os.path.join(qsmail.BIN, "qcl"), "CHGSMTPA RBLSVR('clean.test' 'rbl.test')"],
                   capture_output=True, text=True)
conf = open(os.path.join(root.dir, "mail", "smtpa.conf")).read()
ok(r.returncode == 0 and "RBLSVR clean.test rbl.test" in conf,
   "CHGSMTPA RBLSVR stores the zone list", r.stdout + r.stderr + conf)
bad = subprocess.run([os.path.join(qsmail.BIN, "qmailadm"), "chgsmtpa", "RBLSVR", "bad_zone!"],
                     capture_output=True, text=True)
ok(bad.returncode != 0, "a zone with bad characters is refused", bad.stdout + bad.stderr)
root.adm("chgsmtpa", "RBLDNS", f"127.0.0.1:{dns_port}")

p, ports = qsmail.smtpd(root, msf=False)
try:
    smtplib.SMTP("127.0.0.1", ports["smtp"], timeout=10)
    ok(False, "listed client refused with 554 at connect")
    ok(False, "the reply names the zone")
except smtplib.SMTPConnectError as e:
    ok(e.smtp_code == 554, "listed client refused with 554 at connect", repr(e))
    ok(b"rbl.test" in e.smtp_error, "the reply names the zone", repr(e))
qsmail.stop(p)
j = root.adm("dspjrn")
ok(" L 9S " in j, "QZMF journal has a 9S entry for the refused connection", j)

def send_ok(label):
    q, qp = qsmail.smtpd(root, msf=False)
    try:
        s = smtplib.SMTP("127.0.0.1", qp["smtp"], timeout=20)
        s.sendmail("x@example.test", ["bob@qshim.test"], "Subject: t\r\n\r\nhello\r\n")
        s.quit()
        ok(True, label)
    except Exception as e:
        ok(False, label, repr(e))
    finally:
        qsmail.stop(q)

root.adm("chgsmtpa", "RBLSVR", "odd.test clean.test")
send_ok("an A answer outside 127/8 and NXDOMAIN do not list the client")
root.adm("chgsmtpa", "RBLDNS", "127.0.0.1:9")          # nothing answers: fail open
root.adm("chgsmtpa", "RBLSVR", "rbl.test")
send_ok("an unreachable DNS server lets the client in")
root.adm("chgsmtpa", "RBLSVR", "*NONE")
send_ok("RBLSVR(*NONE) turns the look-ups off")
qsmail.stop(stub)
qsmail.done()
